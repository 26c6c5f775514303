using EdgeTwin.Service.Cli;

return await EdgeTwinCommand.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
