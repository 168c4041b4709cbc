import { DateTime } from 'luxon';

/** How the demo prints: amounts, Paris times and a terminal with a live progress line. */

const TIME_ZONE = 'Europe/Paris';

const EUROS = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
export function euros(minor: number): string {
  return EUROS.format(minor / 100).replace(/\u202f|\u00a0/g, ' ');
}

export function localTime(instant: Date | number | string): string {
  return DateTime.fromMillis(new Date(instant).getTime(), { zone: TIME_ZONE })
    .setLocale('en-GB')
    .toFormat('ccc dd LLL yyyy HH:mm');
}

export interface DemoOutput {
  /** Prints one line of the timeline (the progress indicator is redrawn below it). */
  line(text: string): void;
  /** Replaces the progress indicator (TTY only); `undefined` clears it. */
  status(text: string | undefined): void;
}

export function terminalOutput(stream: NodeJS.WriteStream = process.stdout): DemoOutput {
  let current: string | undefined;
  const interactive = stream.isTTY === true;
  return {
    line: (text) => {
      if (interactive && current) stream.write('\r\x1b[2K');
      stream.write(`${text}\n`);
      if (interactive && current) stream.write(current);
    },
    status: (text) => {
      if (!interactive) return;
      current = text;
      stream.write(`\r\x1b[2K${text ?? ''}`);
    },
  };
}
