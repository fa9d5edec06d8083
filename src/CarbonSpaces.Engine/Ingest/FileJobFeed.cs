using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;

namespace CarbonSpaces.Engine.Ingest
{
    /// <summary>
    /// The files one build run is to build, handed over as they are planned: Start-CarbonFileSync
    /// queues a bucket page by page while the pipeline already builds the first pages' files, so the
    /// first downloads start after the first listing page rather than the last.
    /// </summary>
    /// <remarks>
    /// The planner and the pipeline's writer share the store's one connection, so each holds
    /// <see cref="StoreTurn"/> while it uses the store (never while it waits for anything else).
    /// </remarks>
    internal sealed class FileJobFeed
    {
        private readonly Channel<FileJob> _jobs = Channel.CreateUnbounded<FileJob>(new UnboundedChannelOptions { SingleWriter = true });
        private int _count;
        private int _complete;

        public SemaphoreSlim StoreTurn { get; } = new SemaphoreSlim(1, 1);

        public ChannelReader<FileJob> Jobs => _jobs.Reader;

        /// <summary>Jobs added so far.</summary>
        public int Count => Volatile.Read(ref _count);

        /// <summary>True once every job has been added: <see cref="Count"/> is the run's total.</summary>
        public bool IsComplete => Volatile.Read(ref _complete) == 1;

        /// <summary>A feed whose jobs are all known up front (resync, auto-sync).</summary>
        public static FileJobFeed Of(IReadOnlyList<FileJob> jobs)
        {
            var feed = new FileJobFeed();
            foreach (var job in jobs)
            {
                feed.Add(job);
            }

            feed.Complete();
            return feed;
        }

        public void Add(FileJob job)
        {
            // Counted first, so a job finished at once never makes the finished outnumber the total.
            Interlocked.Increment(ref _count);
            if (!_jobs.Writer.TryWrite(job))
            {
                throw new InvalidOperationException("No job can be added to a feed that is complete.");
            }
        }

        public void Complete()
        {
            Volatile.Write(ref _complete, 1);
            _jobs.Writer.TryComplete();
        }
    }
}
