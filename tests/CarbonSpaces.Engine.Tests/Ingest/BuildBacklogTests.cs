using System;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Ingest;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Ingest
{
    public sealed class BuildBacklogTests
    {
        private const long KiB = 1024;

        [Fact]
        public async Task AnObjectLargerThanTheWholeBudgetWaitsUntilItIsAlone()
        {
            var backlog = new BuildBacklog(budgetBytes: 1024 * KiB);
            var small = await backlog.ReserveAsync(4 * KiB, CancellationToken.None);

            var huge = backlog.ReserveAsync(10 * 1024 * KiB, CancellationToken.None);
            await Task.Delay(200);
            Assert.False(huge.IsCompleted, "an object over the budget went ahead while another build held part of it");

            small.Dispose();
            (await huge.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        }

        [Fact]
        public async Task AReservationStoppedWhileWaitingGivesBackWhatItHadGathered()
        {
            var backlog = new BuildBacklog(budgetBytes: 1024 * KiB);
            var half = await backlog.ReserveAsync(512 * KiB, CancellationToken.None);
            using var stop = new CancellationTokenSource();

            // Gathers the free half of the budget, then waits for the other half.
            var whole = backlog.ReserveAsync(1024 * KiB, stop.Token);
            await Task.Delay(200);
            stop.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => whole);

            var otherHalf = backlog.ReserveAsync(512 * KiB, CancellationToken.None);
            Assert.True(otherHalf.IsCompleted, "the stopped reservation kept the half it had gathered");
            (await otherHalf).Dispose();
            half.Dispose();
        }

        [Fact]
        public async Task AReservationGivenBackTwiceFreesItsRoomOnce()
        {
            var backlog = new BuildBacklog(budgetBytes: 128 * KiB);
            var first = await backlog.ReserveAsync(64 * KiB, CancellationToken.None);
            first.Dispose();
            first.Dispose();

            var whole = await backlog.ReserveAsync(128 * KiB, CancellationToken.None);
            var more = backlog.ReserveAsync(1, CancellationToken.None);
            await Task.Delay(200);
            Assert.False(more.IsCompleted, "giving a reservation back twice made room that was never there");
            whole.Dispose();
            (await more).Dispose();
        }

        [Fact]
        public async Task VectorsAddedToABuildCountAgainstTheBudgetWithoutMakingItWait()
        {
            var backlog = new BuildBacklog(budgetBytes: 1024 * KiB);
            var build = await backlog.ReserveAsync(256 * KiB, CancellationToken.None);

            // 1 MiB of vectors (some 680 chunks at 384 dimensions): more than the budget has left, counted at once.
            build.Add(1024 * KiB);
            var next = backlog.ReserveAsync(4 * KiB, CancellationToken.None);
            await Task.Delay(200);
            Assert.False(next.IsCompleted, "a build went ahead while another's vectors filled the budget");

            build.Dispose();
            (await next.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        }

        [Fact]
        public async Task RoomGivenBackPaysWhatVectorsOweBeforeLaterBuildsGetAny()
        {
            var backlog = new BuildBacklog(budgetBytes: 1024 * KiB);
            var first = await backlog.ReserveAsync(512 * KiB, CancellationToken.None);
            var second = await backlog.ReserveAsync(512 * KiB, CancellationToken.None);
            first.Add(512 * KiB);

            second.Dispose();
            var next = backlog.ReserveAsync(64 * KiB, CancellationToken.None);
            await Task.Delay(200);
            Assert.False(next.IsCompleted, "the room the second build gave back went to a new build while the first one's vectors were over the budget");

            first.Dispose();
            (await next.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
            var whole = backlog.ReserveAsync(1024 * KiB - 64 * KiB, CancellationToken.None);
            Assert.True(whole.IsCompleted, "the budget did not come back whole once every build was given back");
            (await whole).Dispose();
        }
    }
}
