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
    /// waits until it is alone. A build's vectors are counted too (1.5 KiB a chunk at 384
    /// dimensions, more than the chunk's text when chunks are small), once they are made: a build
    /// under way never waits for room, so what it adds beyond the budget is owed, and the room
    /// builds give back pays it off before later reservations get any.
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

        /// <summary>Guards <see cref="_owed"/>.</summary>
        private readonly object _gate = new object();

        /// <summary>Units counted beyond the budget by builds that grew (<see cref="Reservation.Add"/>).</summary>
        private long _owed;

        public BuildBacklog(long budgetBytes = DefaultBudgetBytes)
        {
            _capacity = (int)Math.Max(1, budgetBytes / UnitBytes);
            _units = new SemaphoreSlim(_capacity);
        }

        /// <summary>Waits until <paramref name="bytes"/> fit in the budget and holds them until the result is disposed.</summary>
        public async Task<Reservation> ReserveAsync(long bytes, CancellationToken cancellation)
        {
            var wanted = (int)Math.Min(_capacity, UnitsFor(bytes));
            var reservation = new Reservation(this, bytes);
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

        private static long UnitsFor(long bytes) => Math.Max(1, (bytes + UnitBytes - 1) / UnitBytes);

        /// <summary>Takes <paramref name="units"/> at once: those free now from the budget, the rest owed.</summary>
        private void Overdraw(long units)
        {
            lock (_gate)
            {
                while (units > 0 && _units.Wait(0))
                {
                    units--;
                }

                _owed += units;
            }
        }

        /// <summary>Gives units back: first to pay what is owed, then to the budget.</summary>
        private void Release(long units)
        {
            lock (_gate)
            {
                var paid = Math.Min(_owed, units);
                _owed -= paid;
                units -= paid;
            }

            if (units > 0)
            {
                _units.Release((int)units);
            }
        }

        /// <summary>Units held by one build, given back once.</summary>
        internal sealed class Reservation : IDisposable
        {
            private readonly BuildBacklog _backlog;
            private long _bytes;
            private int _released;

            public Reservation(BuildBacklog backlog, long bytes)
            {
                _backlog = backlog;
                _bytes = bytes;
            }

            public long Units { get; set; }

            /// <summary>Counts <paramref name="bytes"/> more that the build holds (its vectors), without waiting.</summary>
            public void Add(long bytes)
            {
                _bytes += bytes;
                var more = UnitsFor(_bytes) - Units;
                if (more > 0 && Volatile.Read(ref _released) == 0)
                {
                    _backlog.Overdraw(more);
                    Units += more;
                }
            }

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _released, 1) == 0 && Units > 0)
                {
                    _backlog.Release(Units);
                }
            }
        }
    }
}
