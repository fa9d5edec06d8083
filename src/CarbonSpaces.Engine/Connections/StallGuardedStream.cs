using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Engine.Connections
{
    /// <summary>
    /// An object's body that fails with an IOException when a read gets no byte within a time
    /// limit. A connection that stalls mid-body (a peer gone without a reset, a route dropped
    /// behind a proxy) would otherwise hold its download, and its file, until the operating system
    /// gives up on the socket, hours later; failing it makes the stall a broken body, sent again
    /// like any other. The limit is per read, so a large body on a slow link is fine while it flows.
    /// </summary>
    internal sealed class StallGuardedStream : ReadOnlyStreamWrapper
    {
        private readonly TimeSpan _limit;

        public StallGuardedStream(Stream inner, TimeSpan limit)
            : base(inner)
        {
            _limit = limit;
        }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            stall.CancelAfter(_limit);
            try
            {
                return await Inner.ReadAsync(buffer, offset, count, stall.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (stall.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new IOException($"No byte of the body arrived for {_limit.TotalSeconds:0.#} s.", ex);
            }
        }

        /// <summary>Synchronous reads have no time limit; the engine reads bodies asynchronously.</summary>
        public override int Read(byte[] buffer, int offset, int count) => Inner.Read(buffer, offset, count);
    }
}
