// host.repl() driven as a terminal user drives it: keystrokes into node:repl's input stream, and what it prints
// read back from its output stream.
import { defineWorkflow, every } from '@baton/core';
import type { REPLServer } from 'node:repl';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DefaultHost } from './DefaultHost.js';
import { createFakeHost } from './fakes/createFakeHost.js';
import { settle } from './fakes/ManualClock.js';

const PROMPT = 'shop> ';

/** A REPL session: `type` sends a line (or keys) and resolves with what was printed until the next prompt. */
class Terminal {
  readonly input = new PassThrough();
  readonly output = new PassThrough();
  #text = '';
  #read = 0;
  readonly #waiters: (() => void)[] = [];

  constructor() {
    this.output.setEncoding('utf8').on('data', (chunk: string) => {
      this.#text += chunk;
      for (const waiter of this.#waiters.splice(0)) waiter();
    });
  }

  /** Everything printed so far, ANSI escapes (cursor moves, line refreshes) left out. */
  get screen(): string {
    return plain(this.#text);
  }

  /** Sends `keys` and resolves with the plain text printed after them, once `until` matches it. */
  async type(keys: string, until: RegExp = new RegExp(`${PROMPT}$`)): Promise<string> {
    const from = this.#text.length;
    this.input.write(keys);
    for (;;) {
      const printed = plain(this.#text.slice(from));
      if (until.test(printed)) {
        this.#read = this.#text.length;
        return printed;
      }
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  /** Resolves once the first prompt is shown. */
  async ready(): Promise<void> {
    while (!plain(this.#text.slice(this.#read)).includes(PROMPT)) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }
}

function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '');
}

describe('DefaultHost.repl', () => {
  let host: DefaultHost;
  let terminal: Terminal;
  let server: REPLServer;

  beforeEach(async () => {
    ({ host } = createFakeHost({ name: 'shop' }));
    host.addWorkflow(
      defineWorkflow('inventory-sync')
        .schedule(every('1m'))
        .step('count', () => 3)
        .step('report', ({ input }) => `counted ${String(input)}`),
    );
    host.addWorkflow(
      defineWorkflow<{ fail?: boolean } | undefined>('invoice-run').step('bill', ({ input }) => {
        if (input?.fail === true) throw new Error('billing is down');
        return 'billed';
      }),
    );
    host.addHostedService({ start: async () => {}, stop: async () => {} }, { name: 'mailer' });
    await host.start();
    // inventory-sync's first slot is due at start: let its run end before the user types.
    await settle();
    terminal = new Terminal();
    server = host.repl({ input: terminal.input, output: terminal.output, prompt: PROMPT, terminal: true });
    await terminal.ready();
  });

  afterEach(async () => {
    server.close();
    await host.stop();
  });

  describe('when the user triggers a workflow and looks its run up', () => {
    it('should print the run with its steps, then find it by the start of its id', async () => {
      const triggered = await terminal.type('.trigger inventory-sync\n');
      const id = /Run ([0-9a-f-]{36}) of 'inventory-sync': succeeded/.exec(triggered)?.[1];
      const shown = await terminal.type(`.run ${id!.slice(0, 8)}\n`);
      const listed = await terminal.type('.runs inventory-sync\n');

      expect(triggered).toContain("Triggering 'inventory-sync'...");
      expect(shown).toContain(`Run ${id!} of 'inventory-sync': succeeded`);
      expect(shown).toContain('trigger manual');
      expect(shown).toContain('output "counted 3"');
      expect(shown).toMatch(/STEP\s+STATUS\s+ATTEMPTS\s+DETAIL\n\s+count\s+succeeded\s+1\s+-\n\s+report\s+succeeded\s+1\s+-/);
      expect(listed).toMatch(new RegExp(`${id!}\\s+succeeded\\s+manual`));
    });

    it('should show a failed step with its error, and pass the JSON input', async () => {
      const failed = await terminal.type('.trigger invoice-run {"fail": true}\n');

      expect(failed).toContain("of 'invoice-run': failed");
      expect(failed).toMatch(/bill\s+failed\s+1\s+error: billing is down/);
    });
  });

  describe('when the user lists services and workflows', () => {
    it('should print each with its state', async () => {
      const services = await terminal.type('.services\n');
      const workflows = await terminal.type('.workflows\n');

      expect(services).toContain("Host 'shop' is running.");
      expect(services).toMatch(/WorkflowEngine\s+running/);
      expect(services).toMatch(/mailer\s+running/);
      expect(workflows).toMatch(/WORKFLOW\s+STATE\s+SCHEDULE\s+NEXT\s+RUNNING\s+LAST RUN/);
      expect(workflows).toMatch(/inventory-sync\s+scheduled\s+every 1m\s+\d{4}-\d\d-\d\dT[\d:.]+Z\s+0\s+succeeded [0-9a-f]{8}/); // its first run, due at start
      expect(workflows).toMatch(/invoice-run\s+manual\s+-\s+-\s+0\s+-/);
    });
  });

  describe('when the user pauses and resumes a workflow', () => {
    it('should show it paused, then scheduled again', async () => {
      const paused = await terminal.type('.pause inventory-sync\n');
      const whilePaused = await terminal.type('.workflows\n');
      await terminal.type('.resume inventory-sync\n');
      const resumed = await terminal.type('.workflows\n');

      expect(paused).toContain("Paused 'inventory-sync'.");
      expect(whilePaused).toMatch(/inventory-sync\s+paused/);
      expect(resumed).toMatch(/inventory-sync\s+scheduled/);
    });
  });

  describe('when the user presses Tab after a command that takes a workflow name', () => {
    it('should complete the name, and list the names when several match', async () => {
      const completed = await terminal.type('.trigger inve\t', /\.trigger inventory-sync$/);
      const ran = await terminal.type('\n');
      await terminal.type('.pause in\t', /\.pause inv$/);
      const choices = await terminal.type('\t', /inventory-sync\s+invoice-run/);

      expect(completed).toMatch(/\.trigger inventory-sync$/);
      expect(ran).toContain("of 'inventory-sync': succeeded");
      expect(choices).toMatch(/inventory-sync\s+invoice-run/);
    });
  });

  describe('when a command fails', () => {
    it('should print the error and keep the session going', async () => {
      const unknown = await terminal.type('.trigger nope\n');
      const after = await terminal.type('.services\n');

      expect(unknown).toMatch(/Error: .*nope/);
      expect(after).toContain("Host 'shop' is running.");
    });
  });
});
