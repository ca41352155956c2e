using Microsoft.Playwright;

namespace Som.Tests.Rendering;

/// <summary>
/// Debian's chromium, headless, driven by Playwright with the system browser as its executable (Playwright downloads
/// nothing). <see cref="LaunchAsync"/> fails the test, naming the setup script, when the browser is missing: a check
/// that needs a real browser never passes by skipping. Pages open from disk through <see cref="OpenAsync"/>, which
/// records what a page reports while it loads.
/// </summary>
internal sealed class HeadlessBrowser : IAsyncDisposable
{
    /// <summary>Debian's binary itself (the /usr/bin/chromium wrapper script prints a harmless shell warning).</summary>
    public const string DefaultExecutable = "/usr/lib/chromium/chromium";

    /// <summary>An environment variable naming another Chromium binary.</summary>
    public const string ExecutableVariable = "SOMGPU_CHROMIUM";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private HeadlessBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    /// <summary>The Chromium binary used: <see cref="ExecutableVariable"/>, else <see cref="DefaultExecutable"/>.</summary>
    public static string Executable =>
        Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } path ? path : DefaultExecutable;

    /// <summary>Starts the browser, or fails the test with the way to install it.</summary>
    public static async Task<HeadlessBrowser> LaunchAsync()
    {
        string path = Executable;
        if (!File.Exists(path))
            Assert.Fail($"Chromium not found at {path}: run data-scripts/setup.sh (its data-scripts/get-browser.sh installs Debian's chromium), or set {ExecutableVariable} to a Chromium binary");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = path, Headless = true });
            return new HeadlessBrowser(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Opens <paramref name="file"/> from disk (file://) in a fresh page and waits for its load event.</summary>
    public async Task<BrowserPage> OpenAsync(string file, int width = 1280, int height = 900)
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var opened = new BrowserPage(page);
        await page.GotoAsync(new Uri(Path.GetFullPath(file)).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        return opened;
    }

    /// <summary>Closes the browser and the Playwright driver.</summary>
    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
