using System.Collections.Generic;

namespace CarbonSpaces.Engine.Ingest
{
    /// <summary>
    /// What one Start-CarbonFileSync run has chosen so far. Choices made inside a store transaction
    /// are staged and take effect only when it commits (<see cref="HandOverStaged"/>): the pipeline,
    /// which already builds, must never get a job for a row that a rollback took back, and a rolled
    /// back choice must not keep the file out of the rest of the run.
    /// </summary>
    internal sealed class SyncPlan
    {
        private readonly HashSet<long> _queued = new HashSet<long>();
        private readonly HashSet<long> _unchanged = new HashSet<long>();
        private readonly List<FileJob> _stagedJobs = new List<FileJob>();
        private readonly HashSet<long> _stagedUnchanged = new HashSet<long>();

        /// <summary>The files to build, handed to the pipeline as their queueing commits.</summary>
        public FileJobFeed Feed { get; } = new FileJobFeed();

        /// <summary>Files already built from the same version: only their tags and options changed.</summary>
        public IReadOnlyCollection<long> Unchanged => _unchanged;

        /// <summary>Files that did not exist before this run, among those queued in the open transaction.</summary>
        public int StagedCreated { get; private set; }

        public int FailedTargets { get; set; }

        /// <summary>
        /// True when an earlier transaction of this run already chose the file (a bucket and one of
        /// its objects, overlapping prefixes). One transaction never meets a file twice: it covers
        /// one object, or one listing page, whose keys are distinct.
        /// </summary>
        public bool IsChosen(long fileId) => _queued.Contains(fileId) || _unchanged.Contains(fileId);

        public void StageBuild(FileJob job, bool created)
        {
            _stagedJobs.Add(job);
            if (created)
            {
                StagedCreated++;
            }
        }

        public void StageUnchanged(long fileId) => _stagedUnchanged.Add(fileId);

        /// <summary>The open transaction committed: its choices count, and its jobs go to the pipeline.</summary>
        public void HandOverStaged()
        {
            foreach (var job in _stagedJobs)
            {
                _queued.Add(job.FileId);
                Feed.Add(job);
            }

            _unchanged.UnionWith(_stagedUnchanged);
            DropStaged();
        }

        public void DropStaged()
        {
            _stagedJobs.Clear();
            _stagedUnchanged.Clear();
            StagedCreated = 0;
        }
    }
}
