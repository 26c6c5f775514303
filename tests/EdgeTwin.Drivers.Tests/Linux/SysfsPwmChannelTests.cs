using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Linux.Pwm;

namespace EdgeTwin.Drivers.Tests.Linux;

public sealed class SysfsPwmChannelTests
{
    /// <summary>
    /// The sysfs files of a temp tree plus the checks the PWM core makes on each store (drivers/pwm/sysfs.c →
    /// pwm_apply_state: duty_cycle never above period; polarity only while disabled), with a log of every write.
    /// </summary>
    private sealed class KernelRules(string directory) : IPwmChannelFiles
    {
        private readonly PwmChannelFiles _files = new(directory);

        public List<string> Log { get; } = [];

        public string Directory => directory;

        public long Read(PwmAttribute attribute) => _files.Read(attribute);

        public void Write(PwmAttribute attribute, long value)
        {
            if (attribute == PwmAttribute.Period && value < _files.Read(PwmAttribute.DutyCycle))
            {
                throw new BusException(BusFault.IoError, "period", "EINVAL: period below duty_cycle");
            }

            if (attribute == PwmAttribute.DutyCycle && value > _files.Read(PwmAttribute.Period))
            {
                throw new BusException(BusFault.IoError, "duty_cycle", "EINVAL: duty_cycle above period");
            }

            Log.Add($"{attribute}={value}");
            _files.Write(attribute, value);
        }

        public void WritePolarity(PwmPolarity polarity)
        {
            if (_files.Read(PwmAttribute.Enable) != 0)
            {
                throw new BusException(BusFault.IoError, "polarity", "EBUSY: enabled");
            }

            Log.Add($"Polarity={polarity}");
            _files.WritePolarity(polarity);
        }
    }

    private static string Channel(TempTree tree, long period, long duty, int enable)
    {
        tree.Write("pwmchip0/pwm0/period", $"{period}\n");
        tree.Write("pwmchip0/pwm0/duty_cycle", $"{duty}\n");
        tree.Write("pwmchip0/pwm0/enable", $"{enable}\n");
        tree.Write("pwmchip0/pwm0/polarity", "normal\n");
        return Path.Combine(tree.Root, "pwmchip0", "pwm0");
    }

    [Fact]
    public void Open_disables_then_sets_polarity_and_period_with_zero_duty()
    {
        using var tree = new TempTree();
        var rules = new KernelRules(Channel(tree, period: 20_000_000, duty: 15_000_000, enable: 1));
        var pwm = new SysfsPwmChannel("pwm0", rules, 1_000_000, PwmPolarity.Inversed);

        // Shrinking from 20 ms with 15 ms duty to 1 ms: duty first, then period.
        Assert.Equal(["Enable=0", "Polarity=Inversed", "DutyCycle=0", "Period=1000000"], rules.Log);
        Assert.Equal("inversed", tree.Read("pwmchip0/pwm0/polarity"));
        Assert.Equal(1_000_000, pwm.PeriodNs);
        Assert.Equal(0, pwm.DutyCycle);
        Assert.False(pwm.Enabled);
    }

    [Fact]
    public void Growing_the_period_writes_period_first_and_shrinking_writes_duty_first()
    {
        using var tree = new TempTree();
        var rules = new KernelRules(Channel(tree, 0, 0, 0));
        var pwm = new SysfsPwmChannel("pwm0", rules, 1_000_000, PwmPolarity.Normal);
        pwm.SetDutyCycle(0.75);
        pwm.Enable();
        rules.Log.Clear();

        pwm.SetPeriod(4_000_000);
        Assert.Equal(["Period=4000000", "DutyCycle=3000000"], rules.Log);
        rules.Log.Clear();

        pwm.SetPeriod(2_000_000);
        Assert.Equal(["DutyCycle=1500000", "Period=2000000"], rules.Log);
        Assert.Equal(0.75, pwm.DutyCycle);
        Assert.Equal("2000000", tree.Read("pwmchip0/pwm0/period"));
        Assert.Equal("1500000", tree.Read("pwmchip0/pwm0/duty_cycle"));
        Assert.Equal("1", tree.Read("pwmchip0/pwm0/enable"));
    }

    [Fact]
    public void Duty_cycle_is_a_fraction_of_the_period_and_out_of_range_values_are_rejected()
    {
        using var tree = new TempTree();
        var pwm = new SysfsPwmChannel("pwm0", new KernelRules(Channel(tree, 0, 0, 0)), 20_000_000, PwmPolarity.Normal);
        pwm.SetDutyCycle(0.075);
        Assert.Equal("1500000", tree.Read("pwmchip0/pwm0/duty_cycle"));
        Assert.Equal(1_500_000, pwm.DutyCycleNs);
        Assert.Throws<ArgumentOutOfRangeException>(() => pwm.SetDutyCycle(1.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => pwm.SetDutyCycle(-0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => pwm.SetDutyCycle(double.NaN));
        Assert.Equal(0.075, pwm.DutyCycle);
    }

    [Fact]
    public async Task Open_exports_the_channel_and_waits_for_it_to_appear()
    {
        using var tree = new TempTree();
        tree.Write("pwmchip0/export", "");
        tree.Write("pwmchip0/npwm", "2\n");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        // Plays the kernel: when "1" is written to export, create pwm1/ a little later, as udev would.
        // Its own thread, and a generous export timeout: on a loaded CI machine the thread pool can be
        // starved by parallel tests, and what this test checks is the waiting, not its speed.
        var kernel = Task.Factory.StartNew(
            () =>
            {
                while (!cts.IsCancellationRequested && tree.Read("pwmchip0/export") != "1")
                {
                    Thread.Sleep(5);
                }

                Thread.Sleep(50);
                Directory.CreateDirectory(Path.Combine(tree.Root, "pwmchip0", "pwm1"));
                Thread.Sleep(50);
                tree.Write("pwmchip0/pwm1/period", "0\n");
                tree.Write("pwmchip0/pwm1/duty_cycle", "0\n");
                tree.Write("pwmchip0/pwm1/polarity", "normal\n");
                tree.Write("pwmchip0/pwm1/enable", "0\n");
            },
            cts.Token,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        var pwm = await Task.Factory.StartNew(
            () => SysfsPwmChannel.Open(0, 1, 50_000, sysfsRoot: tree.Root, exportTimeout: TimeSpan.FromSeconds(8)),
            cts.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await kernel.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("50000", tree.Read("pwmchip0/pwm1/period"));
        Assert.Equal("0", tree.Read("pwmchip0/pwm1/duty_cycle"));
        pwm.SetDutyCycle(0.5);
        pwm.Enable();
        Assert.Equal("25000", tree.Read("pwmchip0/pwm1/duty_cycle"));
        Assert.Equal("1", tree.Read("pwmchip0/pwm1/enable"));
        Assert.Equal(Path.Combine(tree.Root, "pwmchip0", "pwm1"), pwm.Name);
    }

    [Fact]
    public void An_export_that_never_appears_fails_with_the_file_named()
    {
        using var tree = new TempTree();
        tree.Write("pwmchip0/export", "");
        var ex = Assert.Throws<BusException>(() => SysfsPwmChannel.Open(0, 3, 50_000, sysfsRoot: tree.Root, exportTimeout: TimeSpan.FromMilliseconds(100)));
        Assert.Equal(BusFault.Unavailable, ex.Fault);
        Assert.Contains(Path.Combine("pwmchip0", "pwm3", "enable"), ex.Message);
        Assert.Equal("3", tree.Read("pwmchip0/export"));
    }

    [Fact]
    public void Setting_the_duty_cycle_does_not_allocate()
    {
        using var tree = new TempTree();
        var pwm = SysfsPwmChannelFor(tree);
        var small = Allocations.Measure(() => Set(pwm, 10));
        var large = Allocations.Measure(() => Set(pwm, 200));
        Assert.True(large - small < 1_000, $"{small} B vs {large} B");

        static void Set(SysfsPwmChannel pwm, int n)
        {
            for (var i = 0; i < n; i++)
            {
                pwm.SetDutyCycle((i % 100) / 100.0);
            }
        }
    }

    private static SysfsPwmChannel SysfsPwmChannelFor(TempTree tree)
    {
        Channel(tree, 0, 0, 0);
        return SysfsPwmChannel.Open(0, 0, 1_000_000, sysfsRoot: tree.Root);
    }
}
