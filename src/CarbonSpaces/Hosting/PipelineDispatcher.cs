using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace CarbonSpaces.Hosting
{
    /// <summary>
    /// PowerShell only accepts WriteObject, WriteProgress, WriteError and friends from the pipeline
    /// thread. Engine work runs on worker threads and posts those calls here; the pipeline thread
    /// runs them while it waits for the work to finish.
    /// </summary>
    /// <remarks>
    /// A posted call may throw: the pipeline is stopping (Ctrl+C, Select-Object -First), or an
    /// error met -ErrorAction Stop. Then the work is cancelled and waited for (it holds the store),
    /// what it still posts is dropped, and the first exception is rethrown.
    /// </remarks>
    internal sealed class PipelineDispatcher
    {
        private readonly BlockingCollection<PendingCall> _pending = new BlockingCollection<PendingCall>();
        private readonly int _pipelineThreadId = Environment.CurrentManagedThreadId;

        public bool OnPipelineThread => Environment.CurrentManagedThreadId == _pipelineThreadId;

        /// <summary>Runs <paramref name="action"/> on the pipeline thread: now if this is it, else when the pump gets to it.</summary>
        public void Post(Action action)
        {
            if (OnPipelineThread)
            {
                action();
            }
            else
            {
                _pending.Add(new PendingCall(action, _ => { }));
            }
        }

        /// <summary>Runs <paramref name="function"/> on the pipeline thread and waits for its answer (e.g. a SecretManagement lookup).</summary>
        public T Invoke<T>(Func<T> function)
        {
            if (OnPipelineThread)
            {
                return function();
            }

            var answer = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending.Add(new PendingCall(
                () =>
                {
                    try
                    {
                        answer.SetResult(function());
                    }
                    catch (Exception ex)
                    {
                        answer.SetException(ex);
                    }
                },
                reason => answer.TrySetException(new OperationCanceledException("The command is stopping.", reason))));
            return answer.Task.GetAwaiter().GetResult();
        }

        /// <summary>
        /// Runs posted calls on the pipeline thread until <paramref name="work"/> ends, then returns
        /// its result or throws its failure. <paramref name="cancelWork"/> stops the work when a
        /// posted call fails.
        /// </summary>
        public T Pump<T>(Task<T> work, CancellationTokenSource cancelWork)
        {
            work.ContinueWith(_ => _pending.Add(PendingCall.WakeUp), TaskScheduler.Default);
            Exception? failure = null;
            while (!work.IsCompleted || _pending.Count > 0)
            {
                if (!_pending.TryTake(out var call, Timeout.Infinite))
                {
                    continue;
                }

                if (failure != null)
                {
                    call.Abandon(failure);
                    continue;
                }

                try
                {
                    call.Run();
                }
                catch (Exception ex)
                {
                    failure = ex;
                    cancelWork.Cancel();
                }
            }

            if (failure != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
            }

            return work.GetAwaiter().GetResult();
        }

        private sealed class PendingCall
        {
            public static readonly PendingCall WakeUp = new PendingCall(() => { }, _ => { });

            public PendingCall(Action run, Action<Exception> abandon)
            {
                Run = run;
                Abandon = abandon;
            }

            public Action Run { get; }

            /// <summary>What to do instead of running, once the command is failing: answer a waiting worker.</summary>
            public Action<Exception> Abandon { get; }
        }
    }
}
