using Gatehouse.Hosting;

// Settings come from appsettings.json next to the binary, then environment variables (Gatehouse__Port=…), then args.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddGatehouse();
var app = builder.Build();
await app.StartGatehouseAsync();
await app.RunAsync();
