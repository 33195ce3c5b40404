import { pwshEnvironment } from '../../src/adapters/powershell/pwsh-environment';

describe('the environment pwsh runs in', () => {
  test('TERM is always dumb, whatever the bot was started with', () => {
    expect(pwshEnvironment({ TERM: 'xterm-256color' }).TERM).toBe('dumb');
    expect(pwshEnvironment({}, { TERM: 'xterm' }).TERM).toBe('dumb');
  });

  test('dynamic PGO is off by default, and an operator who sets it keeps their value', () => {
    expect(pwshEnvironment({ PATH: '/usr/bin' })).toMatchObject({ PATH: '/usr/bin', DOTNET_TieredPGO: '0' });
    expect(pwshEnvironment({ DOTNET_TieredPGO: '1' }).DOTNET_TieredPGO).toBe('1');
  });
});
