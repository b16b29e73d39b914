using System.Diagnostics;
using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Alerts.Core.Telemetry;

/// <summary>
/// Traces, metrics and logs wired once for both hosts, exporters chosen by configuration: Azure Monitor when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, the console
/// when <c>ALERTS_TELEMETRY_CONSOLE</c> is <c>true</c>. Every outbound and inbound URL is cut to its origin before any
/// exporter sees it (<see cref="TelemetryRedaction"/>): webhook URLs carry secrets and tokens ride in query strings.
/// </summary>
public static class TelemetryServiceCollectionExtensions
{
    public const string ServiceName = "export-policy-alerts";

    public static IServiceCollection AddAlertsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var azureMonitor = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"] is { Length: > 0 };
        var otlp = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 };
        var console = string.Equals(configuration["ALERTS_TELEMETRY_CONSOLE"], "true", StringComparison.OrdinalIgnoreCase);

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : ServiceName))
            .WithTracing(t =>
            {
                t.AddSource(AlertsTelemetry.Name)
                    .AddHttpClientInstrumentation(o => o.EnrichWithHttpRequestMessage = (activity, _) => TelemetryRedaction.Redact(activity))
                    .AddAspNetCoreInstrumentation(o => o.EnrichWithHttpRequest = (activity, _) => TelemetryRedaction.Redact(activity))
                    // Last word before any exporter: whatever set a URL tag, only its origin leaves the process.
                    .AddProcessor(new TelemetryRedaction.ActivityRedactor());
                if (azureMonitor)
                {
                    t.AddAzureMonitorTraceExporter(o => o.ConnectionString = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
                }

                if (otlp)
                {
                    t.AddOtlpExporter();
                }

                if (console)
                {
                    t.AddConsoleExporter();
                }
            })
            .WithMetrics(m =>
            {
                m.AddMeter(AlertsTelemetry.Name)
                    .AddHttpClientInstrumentation()
                    .AddAspNetCoreInstrumentation();
                if (azureMonitor)
                {
                    m.AddAzureMonitorMetricExporter(o => o.ConnectionString = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
                }

                if (otlp)
                {
                    m.AddOtlpExporter();
                }

                if (console)
                {
                    m.AddConsoleExporter();
                }
            })
            .WithLogging(
                l =>
                {
                    l.AddProcessor(new TelemetryRedaction.LogRedactor());
                    if (azureMonitor)
                    {
                        l.AddAzureMonitorLogExporter(o => o.ConnectionString = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
                    }

                    if (otlp)
                    {
                        l.AddOtlpExporter();
                    }

                    if (console)
                    {
                        l.AddConsoleExporter();
                    }
                },
                o =>
                {
                    o.IncludeFormattedMessage = true;
                    o.ParseStateValues = true;
                });
        return services;
    }
}
