using System;
using System.Threading;
using System.Threading.Tasks;

namespace CarbonSpaces.Engine.Ingest
{
    /// <summary>
    /// Bounds the memory of files being built or built and waiting for the one writer. A build
    /// reserves its object's size before it starts and gives it back when the writer takes it.
    /// Small files reserve little, so hundreds of them can wait and the downloads go on while the
    /// writer commits; a few large ones fill the budget. An object larger than the whole budget
    /// waits until it is alone.
    /// </summary>
    internal sealed class BuildBacklog
    {
        /// <summary>Two 20 MB files, or hundreds of small ones (a build holds about 2–3 times its object's size in text and chunks).</summary>
        public const long DefaultBudgetBytes = 48L * 1024 * 1024;

        /// <summary>Reservations are counted in units of this size, at least one each.</summary>
        private const long UnitBytes = 64 * 1024;

        private readonly int _capacity;
        private readonly SemaphoreSlim _units;

        /// <summary>One reservation gathers its units at a time: two half-gathered ones never wait for each other.</summary>
        private readonly SemaphoreSlim _turn = new SemaphoreSlim(1);

        public BuildBacklog(long budgetBytes = DefaultBudgetBytes)
        {
            _capacity = (int)Math.Max(1, budgetBytes / UnitBytes);
            _units = new SemaphoreSlim(_capacity);
        }

        /// <summary>Waits until <paramref name="bytes"/> fit in the budget and holds them until the result is disposed.</summary>
        public async Task<IDisposable> ReserveAsync(long bytes, CancellationToken cancellation)
        {
            var wanted = (int)Math.Min(_capacity, Math.Max(1, (bytes + UnitBytes - 1) / UnitBytes));
            var reservation = new Reservation(_units);
            await _turn.WaitAsync(cancellation).ConfigureAwait(false);
            try
            {
                while (reservation.Units < wanted)
                {
                    await _units.WaitAsync(cancellation).ConfigureAwait(false);
                    reservation.Units++;
                }
            }
            catch
            {
                reservation.Dispose();
                throw;
            }
            finally
            {
                _turn.Release();
            }

            return reservation;
        }

        /// <summary>Units held by one build, given back once.</summary>
        private sealed class Reservation : IDisposable
        {
            private readonly SemaphoreSlim _units;
            private int _released;

            public Reservation(SemaphoreSlim units)
            {
                _units = units;
            }

            public int Units { get; set; }

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _released, 1) == 0 && Units > 0)
                {
                    _units.Release(Units);
                }
            }
        }
    }
}
