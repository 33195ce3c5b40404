// COMPATIBILITY LAYER: exception types that scripts catch by their pwsh names.
using System.Management.Automation;

namespace Microsoft.PowerShell.Commands;

/// <summary>The exception Write-Error creates from a message (same full name as in pwsh).</summary>
public class WriteErrorException : SystemException
{
    public WriteErrorException() : base("Error") { }
    public WriteErrorException(string message) : base(message) { }
    public WriteErrorException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>Test-Path -PathType.</summary>
public enum TestPathType
{
    Any,
    Container,
    Leaf,
}
