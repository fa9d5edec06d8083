using CarbonSpaces.Engine.Items;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Items
{
    public sealed class ItemFingerprintTests
    {
        [Fact]
        public void TheFingerprintOfAnEntryNeverChangesBecauseStoresKeepIt()
        {
            Assert.Equal(84033474187337L, ItemFingerprint.Of("reports/2026/q3.docx", 48213, "\"9b2cf535f27731c974343645a3985328\"", 1763683200));
        }

        [Fact]
        public void EveryPartOfTheEntryChangesTheFingerprint()
        {
            var entry = ItemFingerprint.Of("a/b.txt", 10, "\"e\"", 1000);

            Assert.NotEqual(entry, ItemFingerprint.Of("a/c.txt", 10, "\"e\"", 1000));
            Assert.NotEqual(entry, ItemFingerprint.Of("a/b.txt", 11, "\"e\"", 1000));
            Assert.NotEqual(entry, ItemFingerprint.Of("a/b.txt", 10, "\"f\"", 1000));
            Assert.NotEqual(entry, ItemFingerprint.Of("a/b.txt", 10, null, 1000));
            Assert.NotEqual(ItemFingerprint.Of("a/b.txt", 10, string.Empty, 1000), ItemFingerprint.Of("a/b.txt", 10, null, 1000));
            Assert.NotEqual(entry, ItemFingerprint.Of("a/b.txt", 10, "\"e\"", 1001));
            Assert.NotEqual(entry, ItemFingerprint.Of("a/b.txt", 10, "\"e\"", null));
            Assert.NotEqual(ItemFingerprint.Of("ab", 0, "c", null), ItemFingerprint.Of("a", 0, "bc", null));
        }

        [Fact]
        public void FingerprintsFitIn48Bits()
        {
            for (var i = 0; i < 10_000; i++)
            {
                var fingerprint = ItemFingerprint.Of($"key-{i}", i, $"\"{i:x}\"", i);
                Assert.InRange(fingerprint, 0, (1L << 48) - 1);
            }
        }
    }
}
