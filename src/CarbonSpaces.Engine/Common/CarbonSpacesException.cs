using System;

namespace CarbonSpaces.Engine.Common
{
    /// <summary>
    /// Why an operation failed, in terms a cmdlet can map onto PowerShell's ErrorCategory
    /// without the engine knowing PowerShell.
    /// </summary>
    public enum FailureKind
    {
        InvalidArgument,
        NotFound,
        AuthenticationFailed,
        PermissionDenied,
        ConnectionFailed,
        InvalidData,
        NotSupported,
        ResourceUnavailable,
        WriteFailed,
        LimitExceeded,
        Conflict,
    }

    /// <summary>
    /// A failure the user can act on. <see cref="ErrorId"/> is stable (Pester asserts it);
    /// the message names the object and says what to do.
    /// </summary>
    public class CarbonSpacesException : Exception
    {
        public CarbonSpacesException(string errorId, FailureKind kind, string message, object? target = null, Exception? innerException = null)
            : base(message, innerException)
        {
            ErrorId = errorId;
            Kind = kind;
            Target = target;
        }

        public string ErrorId { get; }

        public FailureKind Kind { get; }

        /// <summary>The object the failure concerns (an id, endpoint, bucket/key), for the ErrorRecord.</summary>
        public object? Target { get; }
    }
}
