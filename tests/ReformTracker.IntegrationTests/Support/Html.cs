using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace ReformTracker.IntegrationTests.Support;

/// <summary>Reads pages and posts forms the way a browser would, antiforgery token included.</summary>
public static class Html
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IHtmlDocument> GetPageAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"GET {url}: expected {(int)expected}, got {(int)response.StatusCode}\n{Truncate(body)}");
        return await Parser.ParseDocumentAsync(body);
    }

    /// <summary>GETs the page holding the form, then posts the form's current fields overlaid with <paramref name="changes"/>.</summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(
        this HttpClient client, string pageUrl, IDictionary<string, string?> changes, string formSelector = "main form[method=post]")
    {
        ArgumentNullException.ThrowIfNull(changes);
        var page = await client.GetPageAsync(pageUrl);
        var form = page.QuerySelector(formSelector) as IHtmlFormElement
            ?? throw new InvalidOperationException($"No form '{formSelector}' on {pageUrl}");
        var fields = FormFields(form);
        foreach (var (name, value) in changes)
        {
            fields.RemoveAll(f => f.Key == name);
            if (value is not null)
            {
                fields.Add(new KeyValuePair<string, string>(name, value));
            }
        }

        return await client.PostAsync(form.GetAttribute("action") ?? pageUrl, fields);
    }

    /// <summary>
    /// GETs the page, then clicks the submit button as a browser would: it posts the button's form (its <c>form</c> attribute
    /// names a form elsewhere on the page, else the form around it) to the button's <c>formaction</c>, else the form's action.
    /// </summary>
    public static async Task<HttpResponseMessage> ClickButtonAsync(this HttpClient client, string pageUrl, string buttonSelector) =>
        await client.ClickButtonAsync(await client.GetPageAsync(pageUrl), buttonSelector);

    /// <summary>Clicks the submit button on a page already read (and perhaps changed, e.g. boxes ticked).</summary>
    public static async Task<HttpResponseMessage> ClickButtonAsync(this HttpClient client, IHtmlDocument page, string buttonSelector)
    {
        ArgumentNullException.ThrowIfNull(page);
        var button = page.QuerySelector(buttonSelector) as IHtmlButtonElement
            ?? throw new InvalidOperationException($"No button '{buttonSelector}' on {page.Url}");
        var form = (button.GetAttribute("form") is { } id ? page.GetElementById(id) : button.Closest("form")) as IHtmlFormElement
            ?? throw new InvalidOperationException($"The button '{buttonSelector}' on {page.Url} belongs to no form");
        var fields = FormFields(form);
        if (!string.IsNullOrEmpty(button.Name))
        {
            fields.Add(new(button.Name, button.Value));
        }

        return await client.PostAsync(button.GetAttribute("formaction") ?? form.GetAttribute("action")!, fields);
    }

    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, string url, IEnumerable<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.PostAsync(new Uri(url, UriKind.Relative), new FormUrlEncodedContent(fields));
    }

    public static async Task<IHtmlDocument> ReadPageAsync(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The name/value pairs a browser would send for this form as it stands.</summary>
    public static List<KeyValuePair<string, string>> FormFields(IHtmlFormElement form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name):
                    if (input.Type is "checkbox" or "radio" && !input.IsChecked)
                    {
                        break;
                    }

                    fields.Add(new(input.Name, input.Value));
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name):
                    var chosen = select.Options.Where(o => o.HasAttribute("selected")).ToList();
                    if (chosen.Count == 0 && !select.IsMultiple && select.Options.Length > 0)
                    {
                        chosen.Add(select.Options[0]!);
                    }

                    foreach (var option in chosen)
                    {
                        fields.Add(new(select.Name, option.Value));
                    }

                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name):
                    fields.Add(new(area.Name, area.Value));
                    break;
            }
        }

        return fields;
    }

    public static string? AntiforgeryToken(this IHtmlDocument page) =>
        (page.QuerySelector("input[name=__RequestVerificationToken]") as IHtmlInputElement)?.Value;

    private static string Truncate(string text) => text.Length > 2000 ? text[..2000] : text;
}
