// The app runs only in the browser: the browser store and connectivity APIs it calls are browser-only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("browser")]
