import { toastText } from '../notify';

describe('toastText', () => {
  it('shows headline and message together when they fit', () => {
    expect(toastText('Add it to the policy.', 'Permission denied')).toBe(
      'Permission denied: Add it to the policy.'
    );
  });

  it('keeps the message, the part to act on, when the headline does not fit', () => {
    const message = 'x'.repeat(130) + '.';
    expect(toastText(message, 'A long headline')).toBe(message);
  });

  it('cuts a long message after its first sentence, never mid-word by surprise', () => {
    const text = toastText(
      'This is an ensembling-mode notebook. ' + 'More words. '.repeat(20)
    );
    expect(text).toBe('This is an ensembling-mode notebook. …');
  });

  it('never exceeds what a toast shows', () => {
    expect(toastText('y'.repeat(500)).length).toBeLessThanOrEqual(140);
  });
});
