import { Signal } from '@lumino/signaling';
import { lookForEndpointAfterTuning } from '../deploySteps';

/** The tuning step as the wiring reads it: its phase and its job. */
class TuningStub {
  phase = 'watching';
  job: any = { status: 'InProgress', endTime: null, lastModifiedTime: 5 };
  changed = new Signal<this, void>(this);
}

describe('lookForEndpointAfterTuning', () => {
  it('has the Deployment step look for the endpoint once the tuning job completed, from its end', () => {
    const tuning = new TuningStub();
    const looks: number[] = [];
    const deploy = { lookForEndpoints: (since: number) => looks.push(since) };
    lookForEndpointAfterTuning(tuning as any, deploy as any);
    tuning.changed.emit();
    expect(looks).toEqual([]);

    tuning.phase = 'ended';
    tuning.job = { status: 'Stopped', endTime: 7, lastModifiedTime: 8 };
    tuning.changed.emit();
    expect(looks).toEqual([]); // a stopped tuning job deploys nothing

    tuning.job = { status: 'Completed', endTime: 9, lastModifiedTime: 10 };
    tuning.changed.emit();
    expect(looks).toEqual([9]);
  });

  it('looks at once when the tuning job had completed before the panel loaded', () => {
    const tuning = new TuningStub();
    tuning.phase = 'ended';
    tuning.job = { status: 'Completed', endTime: null, lastModifiedTime: 12 };
    const looks: number[] = [];
    lookForEndpointAfterTuning(
      tuning as any,
      {
        lookForEndpoints: (since: number) => looks.push(since)
      } as any
    );
    expect(looks).toEqual([12]);
  });
});
