namespace ObjectQL.Tests;

// The test host is a JIT runtime on a full operating system; the NativeAOT side is asserted by the published binaries
// (ObjectQL.Aot.Tests, ObjectQL.Server.Tests).
public sealed class RuntimeProfileTests
{
    [Test]
    public void The_test_host_is_a_jit_runtime_with_files_threads_and_sockets()
    {
        var profile = RuntimeProfile.Current;
        Assert.Multiple(() =>
        {
            Assert.That(profile.Host, Is.EqualTo(RuntimeHost.Jit));
            Assert.That(profile.SupportsDynamicCode, Is.True);
            Assert.That((profile.HasFileSystem, profile.HasThreads, profile.HasSockets), Is.EqualTo((true, true, true)));
            Assert.That(profile.IsWebAssembly, Is.False);
            Assert.That(profile.PrefersFileStore, Is.True);
            Assert.That(profile.DefaultParallelism, Is.EqualTo(Environment.ProcessorCount));
        });
    }

    [Test]
    public void The_profile_is_detected_once()
    {
        var first = RuntimeProfile.Current;
        Assert.That(RuntimeProfile.Current, Is.SameAs(first));
    }

    [TestCase(RuntimeHost.Browser)]
    [TestCase(RuntimeHost.Node)]
    [TestCase(RuntimeHost.Wasi)]
    public void A_webassembly_host_without_threads_defaults_to_one_operation_at_a_time(RuntimeHost host)
    {
        var profile = new RuntimeProfile { Host = host, SupportsDynamicCode = false, HasFileSystem = host == RuntimeHost.Wasi, HasThreads = false, HasSockets = false };
        Assert.Multiple(() =>
        {
            Assert.That(profile.IsWebAssembly, Is.True);
            Assert.That(profile.DefaultParallelism, Is.EqualTo(1));
            Assert.That(profile.PrefersFileStore, Is.EqualTo(host == RuntimeHost.Wasi));
        });
    }
}
