using System.Management.Automation;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Files;

namespace CarbonSpaces.Commands
{
    /// <summary>Deletes files, their chunks, keyword index entries and vectors from the store. Never touches the bucket.</summary>
    [Cmdlet(VerbsCommon.Remove, "CarbonFile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(File))]
    public sealed class RemoveCarbonFileCommand : CarbonCmdlet
    {
        /// <summary>
        /// The files (-Id works too). Binds from the FileId of items, events and search results, and
        /// from the Id of Get-CarbonFile output: the name comes first so an item's own Id is never taken for a file's.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        public long[] FileId { get; set; } = new long[0];

        /// <summary>Remove without asking for confirmation (-WhatIf still wins).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Emit each file as it was before it was removed.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var id in FileId)
            {
                var file = Engine.Files.Find(id);
                if (file == null)
                {
                    WriteFailure(SyncedFile.NotFound(id));
                    continue;
                }

                var target = $"{file.Subject} ({file.Chunks} chunk(s))";
                if (!ShouldProcessUnlessForced(target, "Remove the file, its chunks and index entries from the store (the object stays in its bucket)", Force))
                {
                    continue;
                }

                try
                {
                    Engine.FileRemoval.Remove(id);
                    if (PassThru)
                    {
                        WriteObject(new File(file));
                    }
                }
                catch (CarbonSpacesException ex)
                {
                    WriteFailure(ex);
                }
            }
        }
    }
}
