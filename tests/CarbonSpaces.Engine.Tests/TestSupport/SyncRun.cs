using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Ingest;

namespace CarbonSpaces.Engine.Tests.TestSupport
{
    /// <summary>One Start-CarbonFileSync over some objects of a world's bucket, with what the user would see: files, errors and warnings.</summary>
    public sealed class SyncRun
    {
        private SyncRun(Dictionary<string, SyncedFile> files, IReadOnlyList<CarbonSpacesException> errors, IReadOnlyList<string> messages)
        {
            Files = files;
            Errors = errors;
            Messages = messages;
        }

        public Dictionary<string, SyncedFile> Files { get; }

        public IReadOnlyList<CarbonSpacesException> Errors { get; }

        /// <summary>Verbose messages, and warnings prefixed "WARNING: ".</summary>
        public IReadOnlyList<string> Messages { get; }

        public IEnumerable<string> Warnings => Messages.Where(m => m.StartsWith("WARNING: ")).Select(m => m.Substring("WARNING: ".Length));

        public static async Task<SyncRun> ObjectsAsync(S3World world, FileSyncOptions options, params string[] keys)
        {
            var files = new ConcurrentDictionary<string, SyncedFile>();
            var errors = new ConcurrentBag<CarbonSpacesException>();
            var reporter = new CollectingReporter(errors);
            await world.Engine.FileSync.SyncAsync(
                new FileSyncRequest { DataSourceId = world.Source.Id, Targets = keys.Select(key => SyncTarget.Object(world.Bucket, key)).ToArray(), Options = options },
                file => files[file.Key] = file,
                reporter,
                CancellationToken.None);
            return new SyncRun(new Dictionary<string, SyncedFile>(files), errors.ToList(), reporter.Messages.ToList());
        }
    }
}
