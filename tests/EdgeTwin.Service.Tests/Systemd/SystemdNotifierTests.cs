using EdgeTwin.Service.Systemd;

namespace EdgeTwin.Service.Tests.Systemd;

public sealed class SystemdNotifierTests
{
    [Fact]
    public void Ready_status_watchdog_and_stopping_arrive_as_datagrams_on_a_path_socket()
    {
        using var listener = new NotifyListener();
        using var notifier = new SystemdNotifier(listener.SocketName);
        Assert.True(notifier.IsEnabled);

        Assert.True(notifier.Ready("running: 3 devices"));
        Assert.Equal($"READY=1\nSTATUS=running: 3 devices\nMAINPID={Environment.ProcessId}", listener.Receive(TimeSpan.FromSeconds(5)));
        Assert.True(notifier.Watchdog());
        Assert.Equal("WATCHDOG=1", listener.Receive(TimeSpan.FromSeconds(5)));
        Assert.True(notifier.Status("line one\nline two"));
        Assert.Equal("STATUS=line one line two", listener.Receive(TimeSpan.FromSeconds(5)));
        Assert.True(notifier.Stopping("bye"));
        Assert.Equal("STOPPING=1\nSTATUS=bye", listener.Receive(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Abstract_socket_names_written_with_an_at_sign_are_supported()
    {
        using var listener = new NotifyListener(@abstract: true);
        using var notifier = new SystemdNotifier(listener.SocketName);
        Assert.True(notifier.Watchdog());
        Assert.Equal("WATCHDOG=1", listener.Receive(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Without_notify_socket_every_call_is_a_harmless_no_op()
    {
        using var notifier = new SystemdNotifier(socketName: null);
        Assert.False(notifier.IsEnabled);
        Assert.False(notifier.Ready("x"));
    }

    [Fact]
    public void A_vanished_socket_does_not_throw()
    {
        string name;
        using (var listener = new NotifyListener())
        {
            name = listener.SocketName;
        }

        using var notifier = new SystemdNotifier(name);
        Assert.False(notifier.Watchdog());
    }

    [Fact]
    public async Task A_receiver_that_never_reads_cannot_block_the_sender()
    {
        using var listener = new NotifyListener();
        using var notifier = new SystemdNotifier(listener.SocketName);

        // The socket's queue holds a few hundred datagrams; a blocking send would hang on the next one.
        var sending = Task.Run(() => Enumerable.Range(0, 5000).Count(_ => notifier.Watchdog()));
        var sent = await sending.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.InRange(sent, 1, 4999);
        Assert.False(notifier.Stopping("bye")); // Still full: dropped, not hung.
        Assert.Equal("WATCHDOG=1", listener.Receive(TimeSpan.FromSeconds(5)));
    }
}
