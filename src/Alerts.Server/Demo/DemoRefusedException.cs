namespace Alerts.Server.Demo;

/// <summary>The demo cannot start as asked (a non-loopback address, storage other than the emulator); the message says why.</summary>
public sealed class DemoRefusedException(string message) : Exception(message)
{
    public DemoRefusedException()
        : this("The demo cannot start.")
    {
    }

    public DemoRefusedException(string message, Exception inner)
        : this(message + " " + inner?.Message)
    {
    }
}
