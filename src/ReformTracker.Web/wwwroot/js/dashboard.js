// 领导驾驶舱 and 挂图作战 (Features/Dashboard). The data comes as JSON in the page; no inline script (CSP).
(function () {
  'use strict';

  // The scope selectors apply as soon as a leader picks an office or an official.
  document.querySelectorAll('form[data-autosubmit] select').forEach(function (select) {
    select.addEventListener('change', function () {
      select.form.submit();
    });
  });

  document.querySelectorAll('[data-print]').forEach(function (button) {
    button.addEventListener('click', function () {
      window.print();
    });
  });

  var source = document.getElementById('dashboard-data');
  if (!source || !window.echarts) {
    return;
  }

  var colours = { Green: '#2a9d48', Yellow: '#f4b400', Red: '#d62828', progress: '#1f5fa8', count: '#7aa6d8' };
  var data = JSON.parse(source.textContent);
  var instances = [];

  // Every data point carries the task-list address it stands for; category labels carry theirs.
  function point(p) {
    return { value: p.value, url: p.url };
  }

  function categoryAxis(chart, horizontal) {
    return {
      type: 'category',
      data: chart.categories,
      inverse: horizontal,
      triggerEvent: true,
      axisLabel: horizontal ? { width: 110, overflow: 'truncate' } : { hideOverlap: true }
    };
  }

  function options(chart) {
    var base = {
      animationDuration: 300,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true }
    };
    if (chart.kind === 'stacked') {
      base.xAxis = { type: 'value', minInterval: 1 };
      base.yAxis = categoryAxis(chart, true);
      base.series = chart.series.map(function (s) {
        return { name: s.name, type: 'bar', stack: 'lights', barMaxWidth: 28, itemStyle: { color: colours[s.key] }, data: s.points.map(point) };
      });
    } else if (chart.kind === 'bar') {
      base.legend = { show: false };
      base.xAxis = { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } };
      base.yAxis = categoryAxis(chart, true);
      base.series = chart.series.map(function (s) {
        return { name: s.name, type: 'bar', barMaxWidth: 24, itemStyle: { color: colours[s.key] }, label: { show: true, position: 'right', formatter: '{c}%' }, data: s.points.map(point) };
      });
    } else {
      base.xAxis = categoryAxis(chart, false);
      base.yAxis = [
        { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
        { type: 'value', minInterval: 1, splitLine: { show: false } }
      ];
      base.series = chart.series.map(function (s) {
        return s.key === 'count'
          ? { name: s.name, type: 'bar', yAxisIndex: 1, barMaxWidth: 18, itemStyle: { color: colours.count }, data: s.points.map(point) }
          : { name: s.name, type: 'line', yAxisIndex: 0, smooth: true, symbolSize: 8, itemStyle: { color: colours.progress }, data: s.points.map(point) };
      });
    }

    return base;
  }

  data.charts.forEach(function (chart) {
    var element = document.querySelector('[data-chart="' + chart.id + '"]');
    if (!element) {
      return;
    }

    var instance = window.echarts.init(element);
    instance.on('finished', function () {
      element.dataset.rendered = 'true';
    });
    instance.on('click', function (event) {
      var url = event.data && event.data.url;
      if (!url && event.componentType !== 'series') {
        url = chart.categoryUrls[chart.categories.indexOf(event.value)];
      }

      if (url) {
        window.location.href = url;
      }
    });
    instance.setOption(options(chart));
    instances.push(instance);
  });

  window.addEventListener('resize', function () {
    instances.forEach(function (instance) {
      instance.resize();
    });
  });
})();
