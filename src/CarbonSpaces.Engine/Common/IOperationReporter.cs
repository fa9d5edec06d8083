namespace CarbonSpaces.Engine.Common
{
    /// <summary>
    /// How long-running engine work talks back to its caller. The PowerShell layer implements it by
    /// queueing each call for the pipeline thread (Write-Verbose, Write-Progress, Write-Error), so
    /// implementations must be safe to call from any thread.
    /// </summary>
    public interface IOperationReporter
    {
        void Verbose(string message);

        void Warning(string message);

        void Progress(OperationProgress progress);

        /// <summary>A failure of one object that does not stop the others.</summary>
        void Error(CarbonSpacesException error);
    }

    /// <summary>A progress snapshot: what is being done, how far, and on which object.</summary>
    public sealed class OperationProgress
    {
        public OperationProgress(string activity, string status, int percentComplete = -1, string? currentOperation = null, bool completed = false)
        {
            Activity = activity;
            Status = status;
            PercentComplete = percentComplete;
            CurrentOperation = currentOperation;
            Completed = completed;
        }

        public string Activity { get; }

        public string Status { get; }

        /// <summary>0–100, or -1 when the total is not known yet.</summary>
        public int PercentComplete { get; }

        public string? CurrentOperation { get; }

        public bool Completed { get; }
    }

    /// <summary>Reports nothing: for callers that only want the result.</summary>
    public sealed class SilentReporter : IOperationReporter
    {
        public static readonly SilentReporter Instance = new SilentReporter();

        public void Verbose(string message)
        {
        }

        public void Warning(string message)
        {
        }

        public void Progress(OperationProgress progress)
        {
        }

        public void Error(CarbonSpacesException error)
        {
        }
    }
}
