// The Baton dashboard: plain browser JavaScript, shipped as text inside @baton/admin and served under the prefix.
// Every string from the API goes into the page through text nodes (h() below); nothing is parsed as HTML.
/* global document, window, location */
(() => {
  'use strict';

  const prefix = document.body.dataset.prefix || '';
  const title = document.body.dataset.title || 'Baton';
  const TOKEN_KEY = 'baton-admin-token';
  const FAULTED = ['failed', 'compensation_failed', 'abandoned', 'timed_out'];
  const state = { session: undefined, workflows: [], live: 'connecting', refreshTimer: undefined, failuresOnly: false, runsCursor: undefined };

  // ---- DOM helpers -------------------------------------------------------------------------------------------

  /** Creates an element; `props` sets attributes (class, title, data-*, ...) and event handlers (on*). Children are nodes or text. */
  function h(tag, props, ...children) {
    const element = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value);
      else if (key === 'style') Object.assign(element.style, value);
      else element.setAttribute(key, value === true ? '' : String(value));
    }
    append(element, children);
    return element;
  }

  function append(element, children) {
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null || child === false) continue;
      element.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
    }
    return element;
  }

  function clear(element) {
    while (element.firstChild) element.removeChild(element.firstChild);
    return element;
  }

  // ---- Time ---------------------------------------------------------------------------------------------------

  function exact(at) {
    return at === undefined || at === null ? '' : new Date(at).toISOString().replace('T', ' ').replace('Z', ' UTC');
  }

  function duration(ms) {
    if (ms === undefined || ms === null) return '';
    if (ms < 1000) return `${Math.round(ms)} ms`;
    if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
    if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} m ${Math.round((ms % 60_000) / 1000)} s`;
    return `${Math.floor(ms / 3_600_000)} h ${Math.round((ms % 3_600_000) / 60_000)} m`;
  }

  function relative(at) {
    if (at === undefined || at === null) return '—';
    const delta = at - Date.now();
    const abs = Math.abs(delta);
    const text =
      abs < 1500
        ? 'now'
        : abs < 60_000
          ? `${Math.round(abs / 1000)} s`
          : abs < 3_600_000
            ? `${Math.round(abs / 60_000)} min`
            : abs < 86_400_000
              ? `${Math.round(abs / 3_600_000)} h`
              : `${Math.round(abs / 86_400_000)} d`;
    if (text === 'now') return 'now';
    return delta > 0 ? `in ${text}` : `${text} ago`;
  }

  /** A relative time that keeps itself current, with the exact time on hover. */
  function when(at) {
    return h('time', { class: 'when', 'data-at': at ?? '', title: exact(at), datetime: at ? new Date(at).toISOString() : undefined }, relative(at));
  }

  setInterval(() => {
    for (const element of document.querySelectorAll('time.when[data-at]')) {
      const at = Number(element.dataset.at);
      if (element.dataset.at !== '' && Number.isFinite(at)) element.textContent = relative(at);
    }
  }, 1000);

  // ---- API ----------------------------------------------------------------------------------------------------

  function token() {
    return sessionStorage.getItem(TOKEN_KEY) || '';
  }

  function authHeaders() {
    const value = token();
    return value ? { authorization: `Bearer ${value}` } : {};
  }

  async function api(path, options = {}) {
    const response = await fetch(`${prefix}/api${path}`, {
      method: options.method || 'GET',
      headers: { ...authHeaders(), ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    let body;
    try {
      body = await response.json();
    } catch {
      body = {};
    }
    if (!response.ok) {
      const error = new Error(body.error || `HTTP ${response.status}`);
      error.status = response.status;
      throw error;
    }
    return body;
  }

  // ---- Shell --------------------------------------------------------------------------------------------------

  const views = [
    ['overview', 'Overview'],
    ['runs', 'Runs'],
    ['ticks', 'Tick ledger'],
    ['instances', 'Instances'],
    ['audit', 'Audit log'],
  ];
  const healthPill = h('span', { class: 'pill pill-muted', 'data-testid': 'health' }, 'health …');
  const livePill = h('span', { class: 'live', 'data-testid': 'live', title: 'Live updates over server-sent events' }, 'connecting');
  const tokenButton = h('button', { class: 'button button-quiet', type: 'button', onclick: () => askToken() });
  const nav = h('nav', { class: 'nav' });
  const main = h('main', { class: 'main', 'data-testid': 'main' });
  const toasts = h('div', { class: 'toasts', 'aria-live': 'polite' });

  document.title = `${title} · Baton`;
  append(document.body, [
    h(
      'header',
      { class: 'topbar' },
      h(
        'div',
        { class: 'brand' },
        h('span', { class: 'logo', 'aria-hidden': 'true' }, '◆'),
        h('span', { class: 'brand-name' }, 'Baton'),
        h('span', { class: 'brand-host' }, title),
      ),
      nav,
      h('div', { class: 'topbar-right' }, healthPill, livePill, tokenButton),
    ),
    main,
    toasts,
  ]);

  function renderNav(current) {
    clear(nav);
    for (const [id, label] of views) {
      nav.append(h('a', { href: `#/${id}`, class: current === id ? 'nav-link active' : 'nav-link', 'data-testid': `nav-${id}` }, label));
    }
  }

  function renderTokenButton() {
    const session = state.session;
    if (session && session.actions === 'read-only') {
      tokenButton.textContent = 'Read-only';
      tokenButton.disabled = true;
    } else if (session && session.actions === 'disabled') {
      tokenButton.textContent = 'Actions disabled';
      tokenButton.disabled = true;
      tokenButton.title = 'No admin token is configured on the server.';
    } else {
      tokenButton.textContent = token() ? 'Token set ✓' : 'Set token';
      tokenButton.disabled = false;
    }
  }

  function actionsEnabled() {
    return state.session !== undefined && state.session.actions === 'token';
  }

  function toast(message, kind) {
    const element = h('div', { class: `toast toast-${kind || 'info'}`, role: 'status' }, message);
    toasts.append(element);
    setTimeout(() => element.remove(), 5000);
  }

  // ---- Dialogs ------------------------------------------------------------------------------------------------

  /** A modal dialog; resolves with the form's values on confirm, or undefined on cancel. */
  function dialog({ heading, text, fields = [], confirm = 'Confirm', danger = false }) {
    return new Promise((resolve) => {
      const inputs = fields.map((field) => {
        const input =
          field.type === 'textarea'
            ? h('textarea', { name: field.name, rows: 6, placeholder: field.placeholder || '', spellcheck: 'false', 'data-testid': `dialog-${field.name}` })
            : h('input', { name: field.name, type: field.type || 'text', placeholder: field.placeholder || '', 'data-testid': `dialog-${field.name}` });
        if (field.value !== undefined) input.value = field.value;
        return h(
          'label',
          { class: 'field' },
          h('span', { class: 'field-label' }, field.label),
          input,
          field.hint ? h('span', { class: 'field-hint' }, field.hint) : null,
        );
      });
      const error = h('p', { class: 'dialog-error', role: 'alert' });
      const element = h(
        'dialog',
        { class: 'dialog', 'data-testid': 'dialog' },
        h(
          'form',
          { method: 'dialog' },
          h('h2', {}, heading),
          text ? h('p', { class: 'dialog-text' }, text) : null,
          inputs,
          error,
          h(
            'div',
            { class: 'dialog-buttons' },
            h('button', { type: 'button', class: 'button button-quiet', 'data-testid': 'dialog-cancel', onclick: () => finish(undefined) }, 'Cancel'),
            h('button', { type: 'submit', class: danger ? 'button button-danger' : 'button button-primary', 'data-testid': 'dialog-confirm' }, confirm),
          ),
        ),
      );
      element.addEventListener('submit', (event) => {
        event.preventDefault();
        const values = {};
        for (const field of fields) {
          const raw = element.querySelector(`[name="${field.name}"]`).value;
          try {
            values[field.name] = field.parse ? field.parse(raw) : raw;
          } catch (problem) {
            error.textContent = problem.message;
            return;
          }
        }
        finish(values);
      });
      element.addEventListener('cancel', () => finish(undefined));
      function finish(values) {
        element.close();
        element.remove();
        resolve(values);
      }
      document.body.append(element);
      element.showModal();
    });
  }

  async function askToken() {
    const values = await dialog({
      heading: 'Admin token',
      text: 'Actions need the admin token configured on the server. It stays in this browser tab (sessionStorage) and is sent as a bearer token.',
      fields: [{ name: 'token', label: 'Token', type: 'password', placeholder: 'paste the token' }],
      confirm: 'Save',
    });
    if (values === undefined) return;
    if (values.token) sessionStorage.setItem(TOKEN_KEY, values.token);
    else sessionStorage.removeItem(TOKEN_KEY);
    renderTokenButton();
    connectLive();
    void refresh();
  }

  /** Runs an action after a confirmation dialog; reports the outcome as a toast and refreshes the view. */
  async function act({ heading, text, fields, confirm, danger, path, body, done }) {
    if (!actionsEnabled()) {
      toast('Actions are disabled on this server.', 'error');
      return;
    }
    if (!token()) {
      await askToken();
      if (!token()) return;
    }
    const values = await dialog({ heading, text, fields, confirm, danger });
    if (values === undefined) return;
    try {
      const result = await api(path, { method: 'POST', body: body ? body(values) : {} });
      toast(done(result), 'ok');
    } catch (error) {
      if (error.status === 401) sessionStorage.removeItem(TOKEN_KEY);
      renderTokenButton();
      toast(error.message, 'error');
    }
    void refresh();
  }

  function actionButton(label, options, extra) {
    return h(
      'button',
      { type: 'button', class: `button ${extra || ''}`, disabled: !actionsEnabled(), 'data-testid': options.testid, onclick: () => act(options) },
      label,
    );
  }

  function triggerButton(workflow) {
    return actionButton('Trigger', {
      testid: `trigger-${workflow}`,
      heading: `Trigger ${workflow}`,
      text: 'Starts a run now, outside the schedule. The input is passed to the workflow as JSON.',
      fields: [{ name: 'input', label: 'Input (JSON, optional)', type: 'textarea', placeholder: '{ "sku": "plum" }', parse: parseJson }],
      confirm: 'Trigger run',
      path: `/workflows/${encodeURIComponent(workflow)}/trigger`,
      body: (values) => (values.input === undefined ? {} : { input: values.input }),
      done: (result) => `Run ${short(result.run.id)} of ${workflow} started.`,
    });
  }

  function pauseButton(workflow) {
    return actionButton('Pause', {
      testid: `pause-${workflow}`,
      heading: `Pause ${workflow}`,
      text: 'No tick fires while it is paused; runs in flight go on, and triggers still run.',
      fields: [
        {
          name: 'until',
          label: 'Until (optional)',
          type: 'datetime-local',
          hint: 'Empty: until resumed by hand.',
          parse: (raw) => (raw ? new Date(raw).toISOString() : undefined),
        },
      ],
      confirm: 'Pause',
      path: `/workflows/${encodeURIComponent(workflow)}/pause`,
      body: (values) => (values.until ? { until: values.until } : {}),
      done: () => `${workflow} paused.`,
    });
  }

  function resumeButton(workflow) {
    return actionButton('Resume', {
      testid: `resume-${workflow}`,
      heading: `Resume ${workflow}`,
      text: 'It ticks again from its next slot; slots that passed while paused are not run.',
      confirm: 'Resume',
      path: `/workflows/${encodeURIComponent(workflow)}/resume`,
      done: () => `${workflow} resumed.`,
    });
  }

  function parseJson(raw) {
    if (raw.trim() === '') return undefined;
    try {
      return JSON.parse(raw);
    } catch (error) {
      throw new Error(`Not JSON: ${error.message}`, { cause: error });
    }
  }

  // ---- Pieces -------------------------------------------------------------------------------------------------

  function short(id) {
    return String(id).slice(-8);
  }

  function statusPill(status) {
    const kind =
      status === 'succeeded'
        ? 'ok'
        : FAULTED.includes(status)
          ? 'bad'
          : status === 'running'
            ? 'run'
            : status === 'compensated' || status === 'cancelled'
              ? 'warn'
              : 'muted';
    return h('span', { class: `pill pill-${kind}`, 'data-status': status }, status.replace('_', ' '));
  }

  function badge(name) {
    return h('span', { class: `badge badge-${name}`, 'data-testid': 'badge', 'data-badge': name }, name);
  }

  function runLink(run, text) {
    return h('a', { href: `#/runs/${encodeURIComponent(run.id)}`, class: 'run-link', title: run.id }, text || short(run.id));
  }

  function empty(text) {
    return h('div', { class: 'empty' }, text);
  }

  function section(heading, ...children) {
    return h('section', { class: 'card' }, h('h2', { class: 'card-title' }, heading), children);
  }

  // ---- Overview (Hangfire style) ------------------------------------------------------------------------------

  async function renderOverview() {
    const [{ workflows }, { services }] = await Promise.all([api('/workflows'), api('/services')]);
    state.workflows = workflows;
    const visible = state.failuresOnly ? workflows.filter((w) => w.badge === 'faulted' || w.badge === 'degraded' || w.badge === 'stale') : workflows;
    const counts = {};
    for (const workflow of workflows) counts[workflow.badge] = (counts[workflow.badge] || 0) + 1;

    const toolbar = h(
      'div',
      { class: 'toolbar' },
      h(
        'div',
        { class: 'summary' },
        Object.entries(counts).map(([name, count]) => h('span', { class: 'summary-item' }, badge(name), ` ${count}`)),
      ),
      h(
        'div',
        { class: 'toolbar-right' },
        h(
          'label',
          { class: 'check' },
          h('input', {
            type: 'checkbox',
            'data-testid': 'failures-only',
            checked: state.failuresOnly,
            onchange: (event) => {
              state.failuresOnly = event.target.checked;
              void refresh();
            },
          }),
          ' Failures only',
        ),
        actionButton('Pause all', {
          testid: 'pause-all',
          heading: 'Pause every workflow',
          text: `Pauses all ${workflows.length} workflows.`,
          confirm: 'Pause all',
          danger: true,
          path: '/workflows/pause',
          body: () => ({ workflows: 'all' }),
          done: () => 'Every workflow paused.',
        }),
        actionButton('Resume all', {
          testid: 'resume-all',
          heading: 'Resume every workflow',
          confirm: 'Resume all',
          path: '/workflows/resume',
          body: () => ({ workflows: 'all' }),
          done: () => 'Every workflow resumed.',
        }),
      ),
    );

    const rows = visible.map((workflow) => {
      const last = workflow.lastRuns.find((run) => run.status !== 'skipped');
      return h(
        'tr',
        { 'data-testid': `workflow-${workflow.name}`, 'data-workflow': workflow.name },
        h('td', {}, h('a', { href: `#/runs?workflow=${encodeURIComponent(workflow.name)}`, class: 'workflow-name' }, workflow.name)),
        h(
          'td',
          {},
          badge(workflow.badge),
          workflow.pausedUntil ? h('div', { class: 'sub' }, 'until ', when(workflow.pausedUntil)) : null,
          workflow.missing.length ? h('div', { class: 'sub' }, `needs ${workflow.missing.join(', ')}`) : null,
        ),
        h(
          'td',
          {},
          workflow.schedule
            ? [
                h('div', {}, workflow.schedule.words),
                h(
                  'div',
                  { class: 'sub mono' },
                  workflow.schedule.expression ? `${workflow.schedule.expression} · ${workflow.schedule.timeZone}` : workflow.schedule.description,
                ),
              ]
            : h('span', { class: 'sub' }, 'manual only'),
        ),
        h('td', {}, workflow.nextDueAt ? when(workflow.nextDueAt) : h('span', { class: 'sub' }, '—')),
        h(
          'td',
          {},
          last
            ? [
                h('div', { class: 'last' }, statusPill(last.status), ' ', runLink(last)),
                h('div', { class: 'sub' }, when(last.startedAt), last.durationMs !== undefined ? ` · ${duration(last.durationMs)}` : ''),
              ]
            : h('span', { class: 'sub' }, 'no runs yet'),
        ),
        h(
          'td',
          {},
          h(
            'div',
            { class: 'history' },
            workflow.lastRuns
              .slice(0, 10)
              .reverse()
              .map((run) => h('a', { href: `#/runs/${run.id}`, class: `dot dot-${run.status}`, title: `${run.status} · ${exact(run.startedAt)}` })),
          ),
        ),
        h(
          'td',
          {},
          h(
            'div',
            { class: 'actions' },
            triggerButton(workflow.name),
            workflow.state === 'paused' ? resumeButton(workflow.name) : workflow.schedule ? pauseButton(workflow.name) : null,
          ),
        ),
      );
    });

    const serviceCard = section(
      'Hosted services',
      services.length === 0
        ? empty('No hosted service.')
        : h(
            'div',
            { class: 'services', 'data-testid': 'services' },
            services.map((service) =>
              h(
                'div',
                { class: 'service', 'data-service': service.name },
                h('span', { class: 'service-name' }, service.name),
                badge(service.state === 'stopping' || service.state === 'stopped' || service.state === 'starting' ? 'stopped' : service.state),
                service.restarts ? h('span', { class: 'sub' }, `${service.restarts} restart${service.restarts === 1 ? '' : 's'}`) : null,
                service.singleton
                  ? h(
                      'span',
                      { class: 'sub', title: service.singleton.key },
                      service.singleton.holdsLease ? `lease held (fence ${service.singleton.fence ?? '—'})` : 'standby',
                    )
                  : null,
              ),
            ),
          ),
    );

    return [
      toolbar,
      h(
        'section',
        { class: 'card' },
        visible.length === 0
          ? empty(state.failuresOnly ? 'No workflow is failing.' : 'No workflows are registered on this host.')
          : h(
              'table',
              { class: 'table', 'data-testid': 'workflows' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ['Workflow', 'State', 'Schedule', 'Next run', 'Last run', 'Recent', ''].map((label) => h('th', {}, label)),
                ),
              ),
              h('tbody', {}, rows),
            ),
      ),
      serviceCard,
    ];
  }

  // ---- Runs ---------------------------------------------------------------------------------------------------

  const STATUSES = ['running', 'succeeded', 'failed', 'compensated', 'compensation_failed', 'cancelled', 'timed_out', 'skipped', 'abandoned'];

  async function renderRuns(params) {
    if (state.workflows.length === 0) state.workflows = (await api('/workflows')).workflows;
    const query = new URLSearchParams();
    for (const key of ['workflow', 'status', 'trigger', 'from', 'to', 'id']) {
      const value = params.get(key);
      if (value) query.set(key, key === 'from' || key === 'to' ? new Date(value).toISOString() : value);
    }
    query.set('limit', '50');
    const page = await api(`/runs?${query}`);

    const select = (name, options, label) =>
      h(
        'label',
        { class: 'field field-inline' },
        h('span', { class: 'field-label' }, label),
        h(
          'select',
          { name, 'data-testid': `filter-${name}` },
          h('option', { value: '' }, 'any'),
          options.map((option) => h('option', { value: option, selected: params.get(name) === option }, option)),
        ),
      );
    const input = (name, label, type, placeholder) => {
      const element = h('input', { name, type, placeholder: placeholder || '', 'data-testid': `filter-${name}` });
      element.value = params.get(name) || '';
      return h('label', { class: 'field field-inline' }, h('span', { class: 'field-label' }, label), element);
    };
    const form = h(
      'form',
      {
        class: 'filters',
        'data-testid': 'run-filters',
        onsubmit: (event) => {
          event.preventDefault();
          const next = new URLSearchParams();
          for (const [key, value] of new FormData(event.target)) if (value) next.set(key, String(value));
          location.hash = `#/runs?${next}`;
        },
      },
      select(
        'workflow',
        state.workflows.map((w) => w.name),
        'Workflow',
      ),
      select('status', STATUSES, 'Status'),
      select('trigger', ['schedule', 'manual'], 'Trigger'),
      input('from', 'From', 'datetime-local'),
      input('to', 'To', 'datetime-local'),
      input('id', 'Run id', 'search', 'uuid'),
      h('button', { type: 'submit', class: 'button button-primary', 'data-testid': 'filter-apply' }, 'Search'),
      h('a', { href: '#/runs', class: 'button button-quiet' }, 'Clear'),
    );

    const body = h('tbody', {});
    const addRows = (runs) => {
      for (const run of runs) {
        body.append(
          h(
            'tr',
            { 'data-testid': 'run-row', 'data-run': run.id, 'data-status': run.status },
            h('td', {}, runLink(run)),
            h('td', {}, run.workflow),
            h('td', {}, statusPill(run.status)),
            h('td', {}, run.trigger),
            h('td', {}, when(run.startedAt)),
            h('td', {}, run.durationMs !== undefined ? duration(run.durationMs) : run.status === 'running' ? 'running…' : ''),
            h(
              'td',
              { class: 'error-cell' },
              run.error
                ? h('span', { class: 'error-text', title: run.error.message }, run.failedStep ? `${run.failedStep}: ` : '', run.error.message)
                : run.inputSummary
                  ? h('span', { class: 'sub mono' }, run.inputSummary)
                  : '',
            ),
          ),
        );
      }
    };
    addRows(page.runs);
    let cursor = page.nextCursor;
    const more = h(
      'button',
      {
        type: 'button',
        class: 'button',
        'data-testid': 'runs-more',
        onclick: async () => {
          query.set('cursor', cursor);
          const next = await api(`/runs?${query}`);
          addRows(next.runs);
          cursor = next.nextCursor;
          if (!cursor) more.remove();
        },
      },
      'Load more',
    );

    return [
      h('section', { class: 'card' }, form),
      h(
        'section',
        { class: 'card' },
        page.runs.length === 0
          ? empty('No run matches.')
          : h(
              'table',
              { class: 'table', 'data-testid': 'runs' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ['Run', 'Workflow', 'Status', 'Trigger', 'Started', 'Duration', 'Error or input'].map((label) => h('th', {}, label)),
                ),
              ),
              body,
            ),
        cursor ? h('div', { class: 'more' }, more) : null,
      ),
    ];
  }

  // ---- Run page with a Temporal-style timeline ----------------------------------------------------------------

  async function renderRun(id) {
    const { run } = await api(`/runs/${encodeURIComponent(id)}`);
    const actions = [];
    const runAction = (verb, label, text, danger) =>
      actionButton(label, {
        testid: `run-${verb}`,
        heading: `${label} run ${short(run.id)}`,
        text,
        confirm: label,
        danger,
        path: `/runs/${encodeURIComponent(run.id)}/${verb}`,
        done: (result) => (result.run ? `Run ${short(run.id)} is now ${result.run.status}.` : `Run ${short(run.id)} cancelled.`),
      });
    if (run.status === 'running') actions.push(runAction('cancel', 'Cancel', 'Aborts the run; it is recorded cancelled.', true));
    if (['failed', 'timed_out', 'abandoned'].includes(run.status))
      actions.push(runAction('retry', 'Retry', 'Reruns it from the step that failed, reusing the outputs of the steps before.'));
    if (
      ['succeeded', 'failed', 'timed_out', 'cancelled', 'abandoned'].includes(run.status) &&
      run.steps.some((step) => step.status === 'succeeded' && !step.compensation)
    )
      actions.push(runAction('compensate', 'Undo', 'Runs the compensations of its completed steps, in reverse order.', true));
    if (run.status === 'abandoned' || run.status === 'running')
      actions.push(runAction('resume', 'Resume run', 'Resumes an interrupted run from its last checkpoint.'));

    const facts = [
      ['Workflow', h('a', { href: `#/runs?workflow=${encodeURIComponent(run.workflow)}` }, run.workflow)],
      ['Trigger', run.trigger],
      ['Attempt', String(run.attempt)],
      ['Scheduled', h('span', { title: exact(run.scheduledAt) }, exact(run.scheduledAt))],
      ['Started', h('span', { title: exact(run.startedAt) }, exact(run.startedAt))],
      ['Finished', run.finishedAt ? exact(run.finishedAt) : '—'],
      ['Duration', run.durationMs !== undefined ? duration(run.durationMs) : 'running'],
      ['Owner', run.owner || '—'],
      ['Input', run.inputSummary || '—'],
      ['Output', run.outputSummary || '—'],
    ];

    return [
      h(
        'div',
        { class: 'run-head' },
        h(
          'div',
          {},
          h('a', { href: '#/runs', class: 'back' }, '← Runs'),
          h('h1', { class: 'run-title' }, `${run.workflow} `, h('span', { class: 'mono sub' }, run.id)),
          statusPill(run.status),
        ),
        h('div', { class: 'actions' }, actions),
      ),
      run.error
        ? h(
            'div',
            { class: 'error-box', 'data-testid': 'run-error' },
            h('strong', {}, run.error.name, run.error.code ? ` (${run.error.code})` : ''),
            ': ',
            h('span', {}, run.error.message),
          )
        : null,
      section('Timeline', timeline(run)),
      h(
        'div',
        { class: 'grid-2' },
        section(
          'Run',
          h(
            'dl',
            { class: 'facts' },
            facts.map(([label, value]) => [h('dt', {}, label), h('dd', { class: label === 'Input' || label === 'Output' ? 'mono' : '' }, value)]),
          ),
        ),
        section('Recoveries and warnings', recoveries(run)),
      ),
      section('Steps', stepsTable(run)),
    ];
  }

  function timeline(run) {
    const steps = run.steps;
    if (steps.length === 0) return empty(run.status === 'skipped' ? `Skipped (${run.skipReason || 'no reason given'}).` : 'No step has been recorded yet.');
    const start = run.startedAt;
    let end = run.finishedAt || Date.now();
    for (const step of steps) {
      end = Math.max(end, step.finishedAt || start, (step.compensation && (step.compensation.finishedAt || step.compensation.startedAt)) || start);
    }
    const span = Math.max(1, end - start);
    const place = (from, to) => ({ left: `${((from - start) / span) * 100}%`, width: `${Math.max(0.6, (((to || end) - from) / span) * 100)}%` });

    const axis = h(
      'div',
      { class: 'tl-axis' },
      [0, 0.25, 0.5, 0.75, 1].map((f) => h('span', { class: 'tl-tick', style: { left: `${f * 100}%` } }, `+${duration(f * span)}`)),
    );

    const stepRow = (step) => {
      const bar = h('div', {
        class: `tl-bar tl-${step.status}`,
        style: place(step.startedAt, step.finishedAt),
        title: `${step.name}: ${step.status}, ${step.attempts} attempt${step.attempts === 1 ? '' : 's'}\nstarted ${exact(step.startedAt)}\nfinished ${exact(step.finishedAt) || '—'}${step.finishedAt ? `\ntook ${duration(step.finishedAt - step.startedAt)}` : ''}${step.error ? `\nerror: ${step.error.message}` : ''}`,
      });
      // Retries: one segment per attempt, numbered; the failed ones marked.
      if (step.attempts > 1) {
        for (let attempt = 1; attempt <= step.attempts; attempt++) {
          const failed = attempt < step.attempts || step.status !== 'succeeded';
          const error = step.attemptErrors[attempt - 1];
          bar.append(
            h(
              'span',
              {
                class: failed ? 'tl-attempt tl-attempt-failed' : 'tl-attempt',
                title: `attempt ${attempt} of ${step.attempts}${error ? `: ${error.message}` : ''}`,
              },
              `#${attempt}`,
            ),
          );
        }
      }
      return h(
        'div',
        { class: 'tl-row', 'data-testid': 'timeline-step', 'data-step': step.name, 'data-status': step.status },
        h(
          'div',
          { class: 'tl-label', title: step.name },
          step.group ? step.name.slice(step.group.length + 1) : step.name,
          step.attempts > 1 ? h('span', { class: 'tl-retries' }, ` ×${step.attempts}`) : null,
        ),
        h('div', { class: 'tl-track' }, bar),
      );
    };

    const lanes = [];
    const seenGroups = new Set();
    for (const step of steps) {
      if (step.group === undefined) {
        lanes.push(stepRow(step));
      } else if (!seenGroups.has(step.group)) {
        seenGroups.add(step.group);
        const members = steps.filter((other) => other.group === step.group);
        lanes.push(
          h(
            'div',
            { class: 'tl-group', 'data-testid': 'timeline-group', 'data-group': step.group },
            h('div', { class: 'tl-group-label' }, `parallel · ${step.group} (${members.length})`),
            members.map(stepRow),
          ),
        );
      }
    }

    const compensated = steps.filter((step) => step.compensation);
    const compensationLane = compensated.length
      ? h(
          'div',
          { class: 'tl-lane tl-lane-compensation', 'data-testid': 'timeline-compensation' },
          h('div', { class: 'tl-lane-label' }, 'Compensation'),
          compensated
            .slice()
            // Compensations run in reverse step order: that order breaks ties within one millisecond.
            .sort((a, b) => a.compensation.startedAt - b.compensation.startedAt || steps.indexOf(b) - steps.indexOf(a))
            .map((step) =>
              h(
                'div',
                { class: 'tl-row', 'data-testid': 'timeline-compensation-step', 'data-step': step.name, 'data-status': step.compensation.status },
                h('div', { class: 'tl-label' }, `↩ ${step.name}`),
                h(
                  'div',
                  { class: 'tl-track' },
                  h('div', {
                    class: `tl-bar tl-comp-${step.compensation.status}`,
                    style: place(step.compensation.startedAt, step.compensation.finishedAt),
                    title: `compensation of ${step.name}: ${step.compensation.status}\nstarted ${exact(step.compensation.startedAt)}\nfinished ${exact(step.compensation.finishedAt) || '—'}${step.compensation.error ? `\nerror: ${step.compensation.error.message}` : ''}`,
                  }),
                ),
              ),
            ),
        )
      : null;

    return h(
      'div',
      { class: 'timeline', 'data-testid': 'timeline' },
      h('div', { class: 'tl-row tl-axis-row' }, h('div', { class: 'tl-label' }), axis),
      h('div', { class: 'tl-lane' }, h('div', { class: 'tl-lane-label' }, 'Steps'), lanes),
      compensationLane,
    );
  }

  function stepsTable(run) {
    if (run.steps.length === 0) return empty('No steps yet.');
    return h(
      'table',
      { class: 'table', 'data-testid': 'steps' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Step', 'Status', 'Attempts', 'Started', 'Took', 'Output or error', 'Compensation'].map((label) => h('th', {}, label)),
        ),
      ),
      h(
        'tbody',
        {},
        run.steps.map((step) =>
          h(
            'tr',
            { 'data-step': step.name },
            h('td', { class: 'mono' }, step.name),
            h('td', {}, statusPill(step.status)),
            h('td', {}, String(step.attempts)),
            h('td', { title: exact(step.startedAt) }, exact(step.startedAt).slice(11)),
            h('td', {}, step.finishedAt ? duration(step.finishedAt - step.startedAt) : ''),
            h(
              'td',
              { class: 'error-cell' },
              step.error && step.status !== 'succeeded'
                ? h('div', { class: 'error-text', 'data-testid': 'step-error' }, step.error.message)
                : h('span', { class: 'mono sub' }, step.outputSummary || ''),
              step.attemptErrors.length > (step.status === 'succeeded' ? 0 : 1)
                ? h(
                    'details',
                    {},
                    h('summary', {}, `${step.attemptErrors.length} failed attempt${step.attemptErrors.length === 1 ? '' : 's'}`),
                    h(
                      'ol',
                      {},
                      step.attemptErrors.map((error) => h('li', {}, error ? error.message : '')),
                    ),
                  )
                : null,
            ),
            h(
              'td',
              {},
              step.compensation
                ? [statusPill(step.compensation.status), step.compensation.error ? h('div', { class: 'error-text' }, step.compensation.error.message) : null]
                : '',
            ),
          ),
        ),
      ),
    );
  }

  function recoveries(run) {
    const items = [
      ...run.recoveries.map((recovery) =>
        h('li', {}, h('strong', {}, recovery.kind), ` at ${exact(recovery.at)}: epoch ${recovery.previousEpoch} → ${recovery.epoch}, owner ${recovery.owner}`),
      ),
      ...run.warnings.map((warning) =>
        h('li', { class: 'warn-text' }, h('strong', {}, warning.kind), ` at ${exact(warning.at)}: ${warning.error ? warning.error.message : ''}`),
      ),
    ];
    return items.length ? h('ul', { class: 'plain-list' }, items) : empty('None.');
  }

  // ---- Ticks, instances, audit --------------------------------------------------------------------------------

  async function renderTicks(params) {
    if (state.workflows.length === 0) state.workflows = (await api('/workflows')).workflows;
    const workflow = params.get('workflow') || '';
    const { ticks } = await api(`/ticks${workflow ? `?workflow=${encodeURIComponent(workflow)}` : ''}`);
    const picker = h(
      'select',
      {
        'data-testid': 'ticks-workflow',
        onchange: (event) => (location.hash = event.target.value ? `#/ticks?workflow=${encodeURIComponent(event.target.value)}` : '#/ticks'),
      },
      h('option', { value: '' }, 'every workflow'),
      state.workflows.map((w) => h('option', { value: w.name, selected: w.name === workflow }, w.name)),
    );
    return [
      h(
        'div',
        { class: 'toolbar' },
        h('label', { class: 'field field-inline' }, h('span', { class: 'field-label' }, 'Schedule'), picker),
        h('span', { class: 'sub' }, 'Fired, late, skipped and missed ticks since this host started (the most recent ones per workflow).'),
      ),
      section(
        'Tick ledger',
        ticks.length === 0
          ? empty('No tick yet.')
          : h(
              'table',
              { class: 'table', 'data-testid': 'ticks' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ['When', 'Workflow', 'Outcome', 'Slot', 'Detail'].map((label) => h('th', {}, label)),
                ),
              ),
              h(
                'tbody',
                {},
                ticks.map((tick) =>
                  h(
                    'tr',
                    { 'data-outcome': tick.outcome },
                    h('td', {}, when(tick.at)),
                    h('td', {}, tick.workflow),
                    h(
                      'td',
                      {},
                      h('span', { class: `pill pill-${tick.outcome === 'fired' ? 'ok' : tick.outcome === 'missed' ? 'bad' : 'warn'}` }, tick.outcome),
                    ),
                    h('td', { class: 'mono' }, tick.scheduledAt ? exact(tick.scheduledAt) : `${exact(tick.after)} … ${exact(tick.before)}`),
                    h(
                      'td',
                      {},
                      tick.outcome === 'late' || tick.outcome === 'fired'
                        ? `${duration(tick.lateByMs)} after its slot`
                        : tick.outcome === 'skipped'
                          ? `reason: ${tick.reason}`
                          : `${tick.slots} slot${tick.slots === 1 ? '' : 's'} dropped`,
                    ),
                  ),
                ),
              ),
            ),
      ),
    ];
  }

  async function renderInstances() {
    const { instances } = await api('/instances');
    return section(
      'Instances',
      h(
        'table',
        { class: 'table', 'data-testid': 'instances' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Instance', 'Host', 'PID', 'Status', 'Started', 'Heartbeat', 'Workflows'].map((label) => h('th', {}, label)),
          ),
        ),
        h(
          'tbody',
          {},
          instances.map((instance) =>
            h(
              'tr',
              {},
              h('td', { class: 'mono' }, short(instance.id), instance.current ? h('span', { class: 'sub' }, ' (this one)') : null),
              h('td', {}, instance.hostname),
              h('td', {}, String(instance.pid)),
              h(
                'td',
                {},
                h('span', { class: `pill pill-${instance.status === 'running' ? 'ok' : instance.status === 'stale' ? 'bad' : 'muted'}` }, instance.status),
              ),
              h('td', {}, when(instance.startedAt)),
              h('td', {}, when(instance.heartbeatAt)),
              h('td', { class: 'sub' }, instance.workflows.join(', ')),
            ),
          ),
        ),
      ),
    );
  }

  async function renderAudit() {
    const { entries } = await api('/audit?limit=200');
    return section(
      'Audit log',
      entries.length === 0
        ? empty('No action yet.')
        : h(
            'table',
            { class: 'table', 'data-testid': 'audit' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['When', 'Actor', 'Action', 'Target', 'Outcome', 'Detail'].map((label) => h('th', {}, label)),
              ),
            ),
            h(
              'tbody',
              {},
              entries.map((entry) =>
                h(
                  'tr',
                  { 'data-action': entry.action },
                  h('td', { title: exact(entry.at) }, when(entry.at)),
                  h('td', {}, entry.actor),
                  h('td', {}, entry.action),
                  h(
                    'td',
                    { class: 'mono' },
                    /^[0-9a-f-]{36}$/.test(entry.target) ? h('a', { href: `#/runs/${entry.target}` }, short(entry.target)) : entry.target,
                  ),
                  h('td', {}, h('span', { class: `pill pill-${entry.outcome === 'ok' ? 'ok' : entry.outcome === 'refused' ? 'warn' : 'bad'}` }, entry.outcome)),
                  h('td', { class: 'sub' }, [entry.input, entry.detail].filter(Boolean).join(' · ')),
                ),
              ),
            ),
          ),
    );
  }

  // ---- Routing and refresh ------------------------------------------------------------------------------------

  function route() {
    const hash = location.hash.replace(/^#\/?/, '');
    const [path, query] = hash.split('?');
    const parts = (path || 'overview').split('/');
    return { view: parts[0] || 'overview', id: parts[1] ? decodeURIComponent(parts[1]) : undefined, params: new URLSearchParams(query || '') };
  }

  let rendering = 0;
  async function refresh() {
    const ticket = ++rendering;
    const { view, id, params } = route();
    renderNav(view);
    try {
      const content =
        view === 'runs' && id
          ? await renderRun(id)
          : view === 'runs'
            ? await renderRuns(params)
            : view === 'ticks'
              ? await renderTicks(params)
              : view === 'instances'
                ? await renderInstances()
                : view === 'audit'
                  ? await renderAudit()
                  : await renderOverview();
      if (ticket !== rendering) return;
      // Keep an open filter form's focus: the runs view re-renders only on navigation.
      clear(main);
      append(main, [content]);
      main.dataset.view = view;
    } catch (error) {
      if (ticket !== rendering) return;
      clear(main);
      append(main, [
        h('div', { class: 'error-box' }, error.status === 401 ? 'This dashboard needs the admin token to read. ' : '', error.message),
        error.status === 401 ? h('button', { class: 'button button-primary', type: 'button', onclick: () => askToken() }, 'Set token') : null,
      ]);
    }
    void refreshHealth();
  }

  async function refreshHealth() {
    try {
      const overview = await api('/overview');
      healthPill.textContent = `${overview.host.state} · ${overview.health.status}`;
      healthPill.className = `pill pill-${overview.health.status === 'healthy' ? 'ok' : overview.health.status === 'degraded' ? 'warn' : 'bad'}`;
      healthPill.title = Object.entries(overview.health.entries)
        .map(([name, entry]) => `${name}: ${entry.status}${entry.description ? ` (${entry.description})` : ''}`)
        .join('\n');
    } catch {
      healthPill.textContent = 'health unknown';
    }
  }

  /** Refreshes the view shortly after live events, at most a few times a second. The runs search is left alone. */
  function scheduleRefresh() {
    const { view, id } = route();
    if (view === 'runs' && !id && document.activeElement && document.activeElement.closest('form')) return;
    if (state.refreshTimer !== undefined) return;
    state.refreshTimer = setTimeout(() => {
      state.refreshTimer = undefined;
      void refresh();
    }, 250);
  }

  // ---- Live updates over server-sent events (fetch, so the token can go in a header) ----------------------------

  let liveGeneration = 0;
  function setLive(text) {
    state.live = text;
    livePill.textContent = text;
    livePill.className = `live live-${text}`;
    main.dataset.live = text;
  }

  async function connectLive() {
    const generation = ++liveGeneration;
    setLive('connecting');
    try {
      const response = await fetch(`${prefix}/api/events`, { headers: { ...authHeaders(), accept: 'text/event-stream' } });
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      setLive('live');
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done || generation !== liveGeneration) break;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.split('\n').some((line) => line.startsWith('event:'))) scheduleRefresh();
        }
      }
    } catch {
      // Reconnect below.
    }
    if (generation !== liveGeneration) return;
    setLive('offline');
    setTimeout(() => {
      if (generation === liveGeneration) void connectLive();
    }, 2000);
  }

  window.addEventListener('hashchange', () => void refresh());

  async function start() {
    try {
      state.session = await api('/session');
    } catch (error) {
      state.session = { actions: 'token', protectReads: error.status === 401 };
    }
    renderTokenButton();
    await refresh();
    void connectLive();
  }

  void start();
})();
