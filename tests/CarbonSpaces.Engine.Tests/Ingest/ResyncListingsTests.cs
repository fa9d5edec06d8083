using CarbonSpaces.Engine.Ingest;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Ingest
{
    public sealed class ResyncListingsTests
    {
        [Fact]
        public void AListingStartedEarlyCanHoldEveryPageOfTenThousandFilesWhileTheyAreRead()
        {
            // 10,000 keys are 11 pages of 1,000; a listing allowed only 4 ahead stopped for the
            // store read and listed the other 7 afterwards (P4 resync 0.42 s against 0.33 s).
            Assert.True(ResyncListings.PagesAhead(10_000, 1000) >= 11);
        }

        [Fact]
        public void AFewFilesStillGetAFewPagesAndMillionsNoMoreThanTheCap()
        {
            Assert.Equal(4, ResyncListings.PagesAhead(20, 1000));
            Assert.Equal(64, ResyncListings.PagesAhead(5_000_000, 1000));
        }
    }
}
