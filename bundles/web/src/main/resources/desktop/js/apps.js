// SPDX-License-Identifier: Apache-2.0
// The App center (owner): preview a .wapp (publisher, the node's verdict on its signature and
// files, capabilities to grant or deny, license terms and status), install, update, roll back,
// suspend, resume, change permissions, remove. App windows are in appwindow.js.

import { api, q } from './api.js';
import { reloadFrame } from './appwindow.js';
import { el, clear, toast, errorToast, dialog, busy, formatTime, formatBytes } from './ui.js';
import { readPackage } from './wapp.js';

const CAPABILITY_TEXT = {
  'storage.kv': 'keep its own key/value data',
  'storage.files': 'keep its own files',
  'files.read': 'read your files and photos (read-only)',
  'identity.read': 'learn who is calling it (DID and role)',
  'identity.sign': 'ask the node to sign with its identity',
  'p2p.message': 'send and receive peer-to-peer messages',
  http: 'make HTTP requests',
  'net.fetch': 'fetch from the named host',
  'license.read': 'read its license status',
};

// Capabilities bundles provide (GET /api/node/capabilities): their own consent text.
const provided = new Map();

async function loadProvided() {
  try {
    for (const p of await api('GET', '/api/node/capabilities')) provided.set(p.capability, `${p.description} (bundle ${p.bundle || '?'})`);
  } catch { /* an older node or no rights: the generic text is used */ }
}

function describe(cap) {
  const base = cap.split(':')[0];
  const arg = cap.includes(':') ? cap.slice(cap.indexOf(':') + 1) : null;
  const text = CAPABILITY_TEXT[cap] || CAPABILITY_TEXT[base] || provided.get(base) || 'a host capability no installed bundle provides';
  return arg ? `${text} (${arg})` : text;
}

export function createAppCenter(ctx) {
  const picker = el('input', { type: 'file', accept: '.wapp,application/zip', id: 'wapp-picker', class: 'visually-hidden' });
  const chooseBtn = el('button', { type: 'button', class: 'primary', onclick: () => { pendingUpdate = null; picker.click(); } }, 'Install from a .wapp file');
  const preview = el('div', { class: 'preview', 'aria-live': 'polite' });
  const tbody = el('tbody');
  const table = el('table', { class: 'list apps-table' },
    el('caption', { class: 'visually-hidden' }, 'Installed apps'),
    el('thead', {}, el('tr', {}, ...['Name', 'Version', 'State', 'License', 'Actions'].map((h) => el('th', { scope: 'col' }, h)))),
    tbody);
  const drop = el('div', { class: 'dropzone', 'aria-hidden': 'true' }, 'Drop a .wapp package to preview it');
  const element = el('div', { class: 'appcenter' },
    el('div', { class: 'toolbar' }, chooseBtn, el('label', { for: 'wapp-picker', class: 'visually-hidden' }, 'Package file'), picker,
      el('button', { type: 'button', onclick: () => refresh() }, 'Refresh')),
    preview,
    el('h3', {}, 'Installed apps'),
    el('div', { class: 'table-wrap' }, table),
    drop);
  let pendingUpdate = null; // the app id an "Update" button asked a package for
  let previewShown = 0; // counts previews, so a late clean-up never hides a newer one

  picker.addEventListener('change', () => {
    const f = picker.files[0];
    picker.value = '';
    if (f) showPreview(f);
  });
  element.addEventListener('dragover', (ev) => { ev.preventDefault(); element.classList.add('dragging'); });
  element.addEventListener('dragleave', (ev) => { if (ev.target === element) element.classList.remove('dragging'); });
  element.addEventListener('drop', (ev) => {
    ev.preventDefault();
    element.classList.remove('dragging');
    const f = ev.dataTransfer.files[0];
    if (f) { pendingUpdate = null; showPreview(f); }
  });

  let installed = [];

  async function refresh() {
    await loadProvided();
    try {
      installed = (await api('GET', '/api/apps')).filter((a) => a.state !== 'removed');
      clear(tbody, installed.length ? installed.map(row) : el('tr', {}, el('td', { colspan: 5, class: 'muted' }, 'No apps yet. Install one from a signed .wapp package.')));
    } catch (e) {
      clear(tbody, el('tr', {}, el('td', { colspan: 5 }, `Cannot list apps: ${e.message}`)));
    }
    ctx.refreshDock();
  }

  function licenseText(l) {
    if (!l) return 'none needed';
    const s = l.status || (l.valid ? 'valid' : 'not held');
    return `${l.standard} · ${s}${l.reason && !l.valid ? ` — ${l.reason}` : ''}${l.royalty ? ` · royalty ${l.royalty}` : ''}`;
  }

  function row(a) {
    const label = (verb) => `${verb} ${a.name}`;
    const running = a.state === 'running';
    const suspendedByLicense = a.license && a.state === 'suspended' && !a.license.valid;
    return el('tr', { 'data-app': a.id },
      el('td', {}, el('strong', {}, a.name), el('div', { class: 'muted small' }, a.id)),
      el('td', { class: 'version' }, a.version),
      el('td', { class: 'state' }, el('span', { class: `badge state-${a.state}` }, suspendedByLicense ? 'suspended (license)' : a.state),
        ...(a.missingProviders && a.missingProviders.length
          ? [' ', el('span', { class: 'badge state-suspended', title: 'calls to these capabilities wait for their bundle' }, `waiting for ${a.missingProviders.join(', ')}`)]
          : [])),
      el('td', { class: 'license' }, licenseText(a.license)),
      el('td', {}, el('div', { class: 'actions' },
        el('button', { type: 'button', 'aria-label': label('Open'), onclick: () => ctx.openApp(a.id, a.name), disabled: !running }, 'Open'),
        el('button', { type: 'button', 'aria-label': label('Details of'), onclick: () => details(a) }, 'Details'),
        el('button', { type: 'button', 'aria-label': label('Update'), onclick: () => { pendingUpdate = a.id; picker.click(); } }, 'Update'),
        el('button', { type: 'button', 'aria-label': label('Roll back'), onclick: (ev) => lifecycle(ev.currentTarget, 'POST', `/api/apps/${q(a.id)}/rollback`, `Rolled back ${a.name}`, a.id) }, 'Roll back'),
        running
          ? el('button', { type: 'button', 'aria-label': label('Suspend'), onclick: (ev) => lifecycle(ev.currentTarget, 'POST', `/api/apps/${q(a.id)}/suspend`, `Suspended ${a.name}`, a.id) }, 'Suspend')
          : el('button', { type: 'button', 'aria-label': label('Resume'), onclick: (ev) => lifecycle(ev.currentTarget, 'POST', `/api/apps/${q(a.id)}/resume`, `Resumed ${a.name}`, a.id) }, 'Resume'),
        el('button', { type: 'button', class: 'danger', 'aria-label': label('Remove'), onclick: () => remove(a) }, 'Remove'))));
  }

  async function lifecycle(button, method, path, done, id) {
    await busy(button, async () => {
      try {
        const r = await api(method, path);
        toast(`${done}: ${r.message || `now ${r.version}`}`, 'success');
        reloadFrame(id);
      } catch (e) {
        errorToast('Refused', e);
      }
      await refresh();
    });
  }

  async function remove(a) {
    const v = await dialog({
      title: `Remove ${a.name}`,
      content: [el('p', {}, `${a.name} ${a.version} stops and is removed.`),
        el('label', { class: 'row' }, el('input', { type: 'checkbox', name: 'keep', checked: true }), ' Keep its data (it comes back if you install the app again)')],
      buttons: [{ label: 'Cancel' }, { label: 'Remove', submit: true, danger: true, value: 'remove' }],
      onSubmit: async (form) => {
        const r = await api('DELETE', `/api/apps/${q(a.id)}?keepData=${form.elements.keep.checked}`);
        toast(`Removed ${a.name}${form.elements.keep.checked ? ' (data kept)' : ' and its data'}: ${r.message || ''}`, 'success');
        ctx.closeWindow(`app:${a.id}`);
      },
    });
    if (v) refresh();
  }

  async function details(a) {
    let d;
    try {
      d = await api('GET', `/api/apps/${q(a.id)}`);
    } catch (e) {
      errorToast('Details', e);
      return;
    }
    const granted = new Set(d.grants || []);
    const caps = (d.requested || []).map((c) => el('label', { class: 'row' },
      el('input', { type: 'checkbox', name: 'cap', value: c, checked: granted.has(c) }), ` ${c} — ${describe(c)}`));
    const older = (d.versions || []).filter((v) => v !== d.version);
    await dialog({
      title: `${d.name} ${d.version}`,
      content: [
        el('dl', { class: 'facts' },
          el('dt', {}, 'App id'), el('dd', {}, el('code', {}, d.id)),
          el('dt', {}, 'Publisher'), el('dd', {}, el('code', { class: 'did' }, d.publisher || 'unknown')),
          el('dt', {}, 'State'), el('dd', {}, d.state),
          el('dt', {}, 'Installed'), el('dd', {}, formatTime(d.installedAt)),
          el('dt', {}, 'License'), el('dd', {}, licenseText(d.license)),
          d.limits ? [el('dt', {}, 'Limits'), el('dd', {}, `${Math.round(d.limits.memoryBytes / 1048576)} MiB memory, ${d.limits.timeoutMillis} ms a call`)] : null,
          el('dt', {}, 'Stored versions'), el('dd', {}, (d.versions || []).join(', '))),
        el('fieldset', { class: 'stack' }, el('legend', {}, 'Permissions'), caps.length ? caps : el('p', { class: 'muted' }, 'This app asks for no capabilities.')),
        older.length ? el('div', { class: 'actions' }, 'Roll back to: ', older.map((v) => el('button', { type: 'button', onclick: async (ev) => {
          await lifecycle(ev.currentTarget, 'POST', `/api/apps/${q(a.id)}/rollback?version=${q(v)}`, `Rolled back ${a.name} to ${v}`, a.id);
          ev.target.closest('dialog').close();
        } }, v))) : null,
      ],
      buttons: [{ label: 'Close' }, { label: 'Save permissions', submit: true, primary: true, value: 'grant' }],
      onSubmit: async (form) => {
        const chosen = [...form.querySelectorAll('input[name=cap]:checked')].map((i) => i.value);
        const r = await api('POST', `/api/apps/${q(a.id)}/grant?grant=${q(chosen.join(','))}`);
        toast(`Permissions of ${a.name}: ${r.message || 'saved'}`, 'success');
        reloadFrame(a.id);
        refresh();
      },
    });
  }

  async function showPreview(file) {
    previewShown++;
    clear(preview, el('p', { class: 'muted' }, `Reading ${file.name}…`));
    let pkg;
    try {
      pkg = await readPackage(file);
    } catch (e) {
      clear(preview, card(file.name, [el('p', { class: 'verdict bad', 'data-verdict': 'refused' }, `Refused: ${e.message}`)]));
      return;
    }
    const m = pkg.manifest;
    const existing = installed.find((a) => a.id === m.id && a.state !== 'removed');
    if (pendingUpdate && pendingUpdate !== m.id) {
      toast(`This package is ${m.id}, not ${pendingUpdate}; it is shown as ${existing ? 'an update of that app' : 'a new app'}.`, 'error');
    }
    const verdict = el('p', { class: 'verdict', 'data-verdict': 'checking', role: 'status' }, 'The node is checking the signature and files…');
    const license = el('div', { class: 'license-box' }, m.license ? licenseTerms(m.license) : el('p', {}, 'No license needed.'));
    const caps = (Array.isArray(m.capabilities) ? m.capabilities : []).map((c) => el('label', { class: 'row cap' },
      el('input', { type: 'checkbox', name: 'cap', value: c, checked: true, disabled: !!existing }), ` ${c} — ${describe(c)}`));
    const installBtn = el('button', { type: 'button', class: 'primary', disabled: true }, existing ? `Update ${existing.version} → ${m.version}` : `Install ${m.name} ${m.version}`);
    const result = el('div', { class: 'result', 'aria-live': 'assertive' });
    const body = [
      el('dl', { class: 'facts' },
        el('dt', {}, 'App id'), el('dd', {}, el('code', {}, String(m.id))),
        el('dt', {}, 'Version'), el('dd', {}, existing ? `${m.version} (installed: ${existing.version})` : String(m.version)),
        el('dt', {}, 'Publisher'), el('dd', {}, el('code', { class: 'did publisher' }, String(m.publisher))),
        el('dt', {}, 'Signature'), el('dd', {}, verdict),
        m.limits ? [el('dt', {}, 'Limits'), el('dd', {}, limitsText(m.limits))] : null,
        // Paths anyone on the network may call without signing in (a paired device's feed).
        Array.isArray(m.publicApi) && m.publicApi.length
          ? [el('dt', {}, 'Open to devices'), el('dd', { class: 'public-api' }, `without sign-in: ${m.publicApi.map((p) => `api/${p}`).join(', ')}`)]
          : null),
      el('fieldset', { class: 'stack caps' }, el('legend', {}, existing ? 'Capabilities (an update keeps the current grants; change them in Details)' : 'Capabilities to grant'),
        caps.length ? caps : el('p', { class: 'muted' }, 'This app asks for no capabilities.')),
      el('h4', {}, 'License'), license,
      el('div', { class: 'actions' }, installBtn, el('button', { type: 'button', onclick: () => clear(preview) }, 'Cancel')),
      result,
    ];
    clear(preview, card(`${m.name} ${m.version}`, body));

    // The node's verdict on the package (zip, manifest, signature, every file hash) and license.
    try {
      const l = await api('POST', '/api/apps/-/license', { body: file });
      verdict.dataset.verdict = 'verified';
      verdict.className = 'verdict good';
      verdict.textContent = `Verified by the node: signed by ${shortPublisher(m.publisher)}, every file matches the manifest.`;
      if (l && l.license !== 'none') license.append(licenseStatus(l));
      installBtn.disabled = false;
    } catch (e) {
      verdict.dataset.verdict = 'refused';
      verdict.className = 'verdict bad';
      verdict.textContent = `Refused: ${e.body && e.body.error ? e.body.error : e.message}`;
      return;
    }
    installBtn.addEventListener('click', () => busy(installBtn, () => install(file, m, existing, caps, result)));
  }

  async function install(file, m, existing, caps, result, retried = false) {
    const grant = caps.filter((c) => c.querySelector('input').checked).map((c) => c.querySelector('input').value);
    try {
      const r = existing
        ? await api('PUT', `/api/apps/${q(m.id)}`, { body: file })
        : await api('POST', `/api/apps?grant=${q(grant.join(','))}`, { body: file });
      clear(result, el('p', { class: 'verdict good', 'data-result': 'success' }, r.message || `${r.operation} ${r.app} ${r.version}`));
      toast(`${existing ? 'Updated' : 'Installed'} ${m.name} ${r.version}`, 'success');
      reloadFrame(m.id);
      await refresh();
      // Hide this preview a moment later, unless another package is shown by then.
      const shown = previewShown;
      setTimeout(() => { if (shown === previewShown) clear(preview); }, 2000);
    } catch (e) {
      const step = e.body && e.body.step;
      const msg = e.body && e.body.message ? e.body.message : e.message;
      const out = [el('p', { class: 'verdict bad', 'data-result': 'refused' }, `Refused${step ? ` at step ${step}` : ''}: ${msg}`)];
      const untrusted = step === 'trust' && !retried && /not trusted/i.test(msg);
      if (untrusted) {
        out.push(el('button', { type: 'button', class: 'primary', onclick: (ev) => busy(ev.currentTarget, async () => {
          try {
            await api('POST', `/api/apps/-/trust?did=${q(m.publisher)}`);
            toast(`You now trust ${shortPublisher(m.publisher)}`, 'success');
            await install(file, m, existing, caps, result, true);
          } catch (err) {
            errorToast('Trust', err);
          }
        }) }, `Trust publisher ${shortPublisher(m.publisher)} and ${existing ? 'update' : 'install'}`));
      }
      clear(result, out);
      // An untrusted publisher is a question for the owner (the button above), not an error.
      if (!untrusted) errorToast(existing ? 'Update refused' : 'Install refused', msg);
    }
  }

  refresh();
  return { element, onShow: () => {} };
}

function limitsText(l) {
  const out = [];
  if (l.memoryMiB !== undefined) out.push(`${l.memoryMiB} MiB memory`);
  if (l.timeoutMillis !== undefined) out.push(`${l.timeoutMillis} ms a call`);
  if (l.maxOutputBytes !== undefined) out.push(`${formatBytes(l.maxOutputBytes)} output`);
  if (l.storageMiB !== undefined) out.push(`${l.storageMiB} MiB of storage`);
  return out.join(', ') || 'defaults';
}

function shortPublisher(did) {
  const s = String(did);
  return s.length > 30 ? `${s.slice(0, 18)}…${s.slice(-6)}` : s;
}

function card(title, body) {
  return el('section', { class: 'card' }, el('h3', {}, title), body);
}

function licenseTerms(t) {
  return el('dl', { class: 'facts' },
    el('dt', {}, 'Standard'), el('dd', {}, String(t.standard)),
    el('dt', {}, 'Chain'), el('dd', {}, String(t.chainId)),
    el('dt', {}, 'Contract'), el('dd', {}, el('code', {}, String(t.contract))),
    t.tokenId !== undefined && t.tokenId !== null ? [el('dt', {}, 'Token'), el('dd', {}, String(t.tokenId))] : null,
    t.issuer ? [el('dt', {}, 'Receipt issuer'), el('dd', {}, el('code', {}, String(t.issuer)))] : null);
}

function licenseStatus(l) {
  if (l.valid) {
    return el('p', { class: 'verdict good', 'data-license': 'valid' }, `Your wallet ${l.holder || ''} holds this license${l.expiresAt ? ` until ${formatTime(l.expiresAt)}` : ''}.`);
  }
  return el('p', { class: 'verdict bad', 'data-license': l.unreachable ? 'unreachable' : 'not-held' },
    `${l.unreachable ? 'The chain did not answer' : 'Not held'}: ${l.reason || 'no reason given'}. The install will be refused.`);
}
