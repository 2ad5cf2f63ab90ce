using System.Net;
using System.Text.RegularExpressions;

namespace ReformTracker.IntegrationTests.Support;

/// <summary>Signs in through the real login form before the client's first request, then keeps the session.</summary>
public sealed partial class SignedInHandler(string userName, string password) : DelegatingHandler
{
    private bool _signedIn;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_signedIn)
        {
            _signedIn = true;
            var baseUri = new Uri(request.RequestUri!.GetLeftPart(UriPartial.Authority));
            using var form = await base.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, "/account/login")), cancellationToken);
            var token = Token().Match(await form.Content.ReadAsStringAsync(cancellationToken)).Groups[1].Value;
            using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, "/account/login"))
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = token,
                    ["UserName"] = userName,
                    ["Password"] = password,
                }),
            };
            using var answer = await base.SendAsync(post, cancellationToken);
            if (answer.StatusCode != HttpStatusCode.Redirect)
            {
                throw new InvalidOperationException($"Signing in as {userName} failed: {(int)answer.StatusCode}");
            }
        }

        return await base.SendAsync(request, cancellationToken);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
