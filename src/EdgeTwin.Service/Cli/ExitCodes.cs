namespace EdgeTwin.Service.Cli;

/// <summary>Process exit codes; 2 for configuration errors so scripts and systemd can tell them apart.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int ConfigurationError = 2;
}
