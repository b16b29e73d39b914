using Alerts.Core;
using Alerts.Core.Telemetry;
using Alerts.Core.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddAlertsCore(builder.Configuration);
// OpenTelemetry to Application Insights (APPLICATIONINSIGHTS_CONNECTION_STRING) or OTLP: Information logs included, URLs redacted.
builder.Services.AddAlertsTelemetry(builder.Configuration);
builder.Services.AddHostedService<FunctionsStorageStartup>();
builder.Build().Run();
