import { rollUp, LIGHT, type RollupState } from '../../src/domain/status';

describe('rolling activity states up to a recommendation', () => {
  it.each<[RollupState[], RollupState]>([
    [['pågår', 'försenad'], 'försenad'],
    [['risk', 'pågår', 'klar'], 'risk'],
    [['pågår', 'inget_svar'], 'inget_svar'],
    [['ej_påbörjad', 'pågår'], 'ej_påbörjad'],
    [['pågår', 'pågår'], 'pågår'],
    [['klar', 'pågår'], 'pågår'],
    [['klar', 'klar'], 'klar'],
    [['klar', 'försenad'], 'försenad'],
    [[], 'inget_svar'],
  ])('%j rolls up to %s', (states, expected) => {
    expect(rollUp(states)).toBe(expected);
  });

  it('when nobody has answered yet, the light is not green', () => {
    expect(LIGHT[rollUp(['inget_svar', 'inget_svar'])]).toBe('grå');
  });

  it('a finished activity does not hide a delayed one', () => {
    expect(LIGHT[rollUp(['klar', 'klar', 'försenad'])]).toBe('röd');
  });
});
