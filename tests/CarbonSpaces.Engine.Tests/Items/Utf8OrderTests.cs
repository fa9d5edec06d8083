using CarbonSpaces.Engine.Items;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Items
{
    public sealed class Utf8OrderTests
    {
        [Theory]
        [InlineData("a", "b")]
        [InlineData("a", "ab")]
        [InlineData("Z", "a")]
        [InlineData("\uFFFD", "😀")]
        [InlineData("resume", "résumé")]
        public void KeysCompareAsTheirUtf8Bytes(string smaller, string larger)
        {
            Assert.True(Utf8Order.Compare(smaller, larger) < 0);
            Assert.True(Utf8Order.Compare(larger, smaller) > 0);
            Assert.Equal(0, Utf8Order.Compare(smaller, smaller));
        }
    }
}
