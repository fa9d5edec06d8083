using System.Management.Automation;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Hosting
{
    /// <summary>Maps engine failures onto ErrorRecords with stable ids and the matching PowerShell category.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(CarbonSpacesException error) =>
            new ErrorRecord(error, error.ErrorId, Category(error.Kind), error.Target);

        private static ErrorCategory Category(FailureKind kind) => kind switch
        {
            FailureKind.InvalidArgument => ErrorCategory.InvalidArgument,
            FailureKind.NotFound => ErrorCategory.ObjectNotFound,
            FailureKind.AuthenticationFailed => ErrorCategory.AuthenticationError,
            FailureKind.PermissionDenied => ErrorCategory.PermissionDenied,
            FailureKind.ConnectionFailed => ErrorCategory.ConnectionError,
            FailureKind.InvalidData => ErrorCategory.InvalidData,
            FailureKind.NotSupported => ErrorCategory.NotImplemented,
            FailureKind.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
            FailureKind.WriteFailed => ErrorCategory.WriteError,
            FailureKind.LimitExceeded => ErrorCategory.LimitsExceeded,
            FailureKind.Conflict => ErrorCategory.ResourceBusy,
            _ => ErrorCategory.NotSpecified,
        };
    }
}
