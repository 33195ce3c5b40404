@{
    RootModule           = 'VoiceOps.Dispatch.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '516a682d-be6d-4331-8a66-0ba84e90916d'
    Author               = 'voiceops'
    Description          = 'Runs one allow-listed voiceops function with base64 JSON arguments and prints one JSON envelope line.'
    PowerShellVersion    = '7.2'
    CompatiblePSEditions = @('Core')
    FunctionsToExport    = @('Invoke-VoiceOpsCommand', 'Invoke-VoiceOpsFramedCall', 'Register-VoiceOpsCommand', 'Initialize-VoiceOpsDispatch')
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
}
