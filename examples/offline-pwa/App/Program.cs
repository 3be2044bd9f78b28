// The offline Todo PWA: one page (App.razor) over TodoApp (Sync/), which holds the browser store and the sync client.
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using OfflinePwa.App;
using OfflinePwa.App.Sync;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.Services.AddSingleton<TodoApp>();
await builder.Build().RunAsync();
