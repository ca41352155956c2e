using Microsoft.Playwright;

namespace Som.Tests.Rendering;

/// <summary>
/// A page opened by <see cref="HeadlessBrowser"/>, with what it reported from the start: console errors, script
/// errors and every request it made. A broken image raises no console error, so <see cref="BrokenImagesAsync"/> asks
/// the page itself which images did not decode.
/// </summary>
internal sealed class BrowserPage
{
    private readonly List<string> _consoleErrors = [];
    private readonly List<string> _pageErrors = [];
    private readonly List<string> _requests = [];

    public BrowserPage(IPage page)
    {
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error") lock (_consoleErrors) _consoleErrors.Add(message.Text);
        };
        page.PageError += (_, error) => { lock (_pageErrors) _pageErrors.Add(error); };
        page.Request += (_, request) => { lock (_requests) _requests.Add(request.Url); };
    }

    /// <summary>The Playwright page, for anything else a test evaluates.</summary>
    public IPage Page { get; }

    /// <summary>console.error messages (and the browser's own errors, such as a blocked resource).</summary>
    public IReadOnlyList<string> ConsoleErrors { get { lock (_consoleErrors) return [.. _consoleErrors]; } }

    /// <summary>Uncaught script errors.</summary>
    public IReadOnlyList<string> PageErrors { get { lock (_pageErrors) return [.. _pageErrors]; } }

    /// <summary>URLs of every request the page made, the page itself first.</summary>
    public IReadOnlyList<string> Requests { get { lock (_requests) return [.. _requests]; } }

    /// <summary>Number of &lt;img&gt; elements.</summary>
    public Task<int> ImageCountAsync() => Page.EvaluateAsync<int>("() => document.images.length");

    /// <summary>The alt text (or source start) of every image that has not decoded: not complete, or naturalWidth 0.</summary>
    public Task<string[]> BrokenImagesAsync() => Page.EvaluateAsync<string[]>(
        "() => Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.alt || i.src.slice(0, 60))");

    /// <summary>Saves a screenshot of the whole page as PNG.</summary>
    public Task SaveScreenshotAsync(string path) => Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
}
