using ObjectQL.Sync.Server.Configuration;

namespace ObjectQL.Sync.Server.Tests.Configuration;

public sealed class SyncEndpointConfigTests
{
    [Test]
    public void Endpoint_defaults_follow_the_rfc()
    {
        var config = new SyncEndpointConfig().Validate();
        Assert.Multiple(() =>
        {
            Assert.That(config.Path, Is.EqualTo("/api/sync"));
            Assert.That(config.MaxMutationsPerRequest, Is.EqualTo(100));
            Assert.That(config.MaxMutationsPerTransaction, Is.EqualTo(256));
            Assert.That(config.ChangeLogRetention, Is.EqualTo(TimeSpan.FromDays(30)));
            Assert.That(config.MaxChangesPerResponse, Is.EqualTo(500));
            Assert.That(config.MaxChangeBytesPerResponse, Is.EqualTo(1 << 20));
            Assert.That(config.MaxClockDrift, Is.EqualTo(TimeSpan.FromSeconds(60)));
            Assert.That(config.SupportedVersions, Is.EqualTo(new[] { 1 }));
            Assert.That(config.Limits, Is.EqualTo(new Sync.Protocol.SyncLimits(100, 1 << 20, 4 << 20)));
        });
    }

    [Test]
    public void Endpoint_setting_out_of_range_is_an_error_naming_it()
    {
        var error = Assert.Throws<ObjectQLException>(() => new SyncEndpointConfig { MaxMutationsPerRequest = 0 }.Validate())!;
        Assert.That(error.Field, Is.EqualTo("MaxMutationsPerRequest"));
    }

    [Test]
    public void More_mutations_per_transaction_than_the_bound_is_refused()
    {
        var error = Assert.Throws<ObjectQLException>(() => new SyncEndpointConfig { MaxMutationsPerTransaction = 4097 }.Validate())!;
        Assert.That(error.Field, Is.EqualTo("MaxMutationsPerTransaction"));
    }
}
