using System.Management.Automation;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Hosting
{
    /// <summary>Turns the engine's reports into Write-Verbose, Write-Warning, Write-Progress and Write-Error on the pipeline thread.</summary>
    internal sealed class PipelineReporter : IOperationReporter
    {
        private readonly Cmdlet _cmdlet;
        private readonly PipelineDispatcher _dispatcher;
        private readonly int _activityId;

        public PipelineReporter(Cmdlet cmdlet, PipelineDispatcher dispatcher, int activityId)
        {
            _cmdlet = cmdlet;
            _dispatcher = dispatcher;
            _activityId = activityId;
        }

        public void Verbose(string message) => _dispatcher.Post(() => _cmdlet.WriteVerbose(message));

        public void Warning(string message) => _dispatcher.Post(() => _cmdlet.WriteWarning(message));

        public void Error(CarbonSpacesException error) => _dispatcher.Post(() => _cmdlet.WriteError(ErrorRecords.From(error)));

        public void Progress(OperationProgress progress) => _dispatcher.Post(() =>
        {
            var record = new ProgressRecord(_activityId, progress.Activity, progress.Status)
            {
                PercentComplete = progress.PercentComplete,
                RecordType = progress.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };
            if (progress.CurrentOperation != null)
            {
                record.CurrentOperation = progress.CurrentOperation;
            }

            _cmdlet.WriteProgress(record);
        });
    }
}
