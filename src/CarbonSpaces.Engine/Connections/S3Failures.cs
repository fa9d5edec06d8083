using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using Amazon.Runtime;
using Amazon.S3;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Engine.Connections
{
    /// <summary>Turns what the SDK throws into errors that say which object failed and what to do.</summary>
    internal static class S3Failures
    {
        /// <summary>
        /// Translates <paramref name="error"/>; a cancellation the caller asked for passes through
        /// untouched, while one caused by a timeout becomes "endpoint unreachable".
        /// </summary>
        public static Exception Translate(Exception error, S3Endpoint endpoint, string accessKeyId, string subject, CancellationToken userCancellation)
        {
            if (error is OperationCanceledException && userCancellation.IsCancellationRequested)
            {
                return error;
            }

            if (error is CarbonSpacesException)
            {
                return error;
            }

            var where = endpoint.DisplayName;
            if (error is AmazonS3Exception s3)
            {
                switch (s3.ErrorCode)
                {
                    case "SignatureDoesNotMatch":
                        return Fail("CarbonSpaces.SecretMismatch", FailureKind.AuthenticationFailed,
                            $"The secret does not match the access key '{accessKeyId}' for {where}. Check the secret key (a Spaces secret is shown once, when the key is created) and connect again.", subject, s3);
                    case "InvalidAccessKeyId":
                        return Fail("CarbonSpaces.UnknownAccessKey", FailureKind.AuthenticationFailed,
                            $"{where} does not know the access key '{accessKeyId}'. Check the key, and that it was made for this endpoint (Spaces keys are per account, AWS keys per IAM user), then connect again.", subject, s3);
                    case "AccessDenied":
                        return Fail("CarbonSpaces.AccessDenied", FailureKind.PermissionDenied,
                            $"Access key '{accessKeyId}' may not read {subject} at {where}. Grant it read and list permission, or use a key that has it.", subject, s3);
                    case "NoSuchBucket":
                        return Fail("CarbonSpaces.BucketNotFound", FailureKind.NotFound,
                            $"{(subject.StartsWith("bucket ", StringComparison.Ordinal) ? "The " + subject : "The bucket of " + subject)} does not exist at {where}. Check the name with Get-CarbonItem -Kind Bucket, or run Sync-CarbonItem to refresh the list.", subject, s3);
                    case "NoSuchKey":
                        return Fail("CarbonSpaces.ObjectNotFound", FailureKind.NotFound,
                            $"The object {subject} no longer exists at {where}. Run Sync-CarbonItem to refresh the list of objects.", subject, s3);
                }

                if (s3.StatusCode == HttpStatusCode.NotFound)
                {
                    return Fail("CarbonSpaces.ObjectNotFound", FailureKind.NotFound,
                        $"{subject} was not found at {where}. Run Sync-CarbonItem to refresh the list of objects.", subject, s3);
                }

                if ((int)s3.StatusCode == 429 || s3.StatusCode == HttpStatusCode.ServiceUnavailable || s3.ErrorCode == "SlowDown")
                {
                    return Fail("CarbonSpaces.Throttled", FailureKind.ResourceUnavailable,
                        $"{where} kept throttling requests for {subject} ({s3.ErrorCode}) after several retries with backoff. Try again later or lower -ThrottleLimit.", subject, s3);
                }

                return Fail("CarbonSpaces.S3Error", FailureKind.ResourceUnavailable,
                    $"{where} refused the request for {subject}: {s3.ErrorCode} ({(int)s3.StatusCode}) {s3.Message}", subject, s3);
            }

            if (IsConnectionFailure(error))
            {
                var about = subject == where ? string.Empty : $" for {subject}";
                return Fail("CarbonSpaces.EndpointUnreachable", FailureKind.ConnectionFailed, $"{WhatHappened(error, where, about)} {ConnectionAdvice}", subject, error);
            }

            return error;
        }

        private const string ConnectionAdvice = "Check the endpoint name and port, that the service is up, and your network or proxy; then run the command again.";

        /// <summary>
        /// A network fault, however it reached us: the socket's error (refused, reset, no route), an
        /// answer cut short (headers or body), no answer in time, or the SDK's own wrapping of these.
        /// </summary>
        private static bool IsConnectionFailure(Exception error)
        {
            for (var e = error; e != null; e = e.InnerException)
            {
                if (e is HttpRequestException || e is SocketException || e is WebException || e is OperationCanceledException || e is TimeoutException
                    || e is IOException || e is EndpointRefusedException || e is BrokenBodyException)
                {
                    return true;
                }

                if (e is AmazonServiceException service && service.StatusCode == 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The first sentence of the message: what the endpoint did, in words, not the OS's.</summary>
        private static string WhatHappened(Exception error, string where, string about)
        {
            var retried = error is EndpointRefusedException ? string.Empty : ", again after several retries";
            for (var e = error; e != null; e = e.InnerException)
            {
                switch (e)
                {
                    case EndpointRefusedException _:
                        return $"{where} refused the connection{about}.";
                    case BrokenBodyException broken:
                        return $"{where} dropped the connection{about} in the middle of the answer ({Lowercase(broken.Message)}){retried}.";
                    case TimeoutException _:
                    case OperationCanceledException _:
                        return $"{where} did not answer in time{about}{retried}.";
                    case SocketException socket:
                        switch (socket.SocketErrorCode)
                        {
                            case SocketError.ConnectionRefused:
                                return $"{where} refused the connection{about}{retried}.";
                            case SocketError.ConnectionReset:
                            case SocketError.ConnectionAborted:
                                return $"{where} reset the connection{about}{retried}.";
                            case SocketError.HostNotFound:
                            case SocketError.NoData:
                            case SocketError.TryAgain:
                                return $"The name of {where} could not be resolved{about}.";
                            case SocketError.TimedOut:
                                return $"{where} did not answer in time{about}{retried}.";
                            case SocketError.NetworkUnreachable:
                            case SocketError.HostUnreachable:
                                return $"There is no network route to {where}{about}{retried}.";
                        }

                        break;
                }
            }

            for (var e = error; e != null; e = e.InnerException)
            {
                if (e is IOException)
                {
                    return $"{where} dropped the connection{about} before the answer was complete{retried}.";
                }
            }

            return $"Could not reach {where}{about} ({Innermost(error).Message.TrimEnd('.')}){retried}.";
        }

        private static string Lowercase(string sentence) => sentence.Length == 0 ? sentence : char.ToLowerInvariant(sentence[0]) + sentence.Substring(1).TrimEnd('.');

        private static Exception Innermost(Exception error)
        {
            while (error.InnerException != null)
            {
                error = error.InnerException;
            }

            return error;
        }

        private static CarbonSpacesException Fail(string id, FailureKind kind, string message, string subject, Exception inner) =>
            new CarbonSpacesException(id, kind, message, subject, inner);
    }
}
