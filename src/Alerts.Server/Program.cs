using Alerts.Server.Cli;

return await AlertsCli.RunAsync(args);
