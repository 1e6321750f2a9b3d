// The supervisor's dashboard: polls the JSON endpoints every 2 s and draws them. No framework,
// no CDN: everything comes from the supervisor's jar.
'use strict';
(() => {
  const REFRESH_MS = 2000;
  const TOKEN_KEY = 'ultraReliability.controlToken';
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const $ = (id) => document.getElementById(id);

  function show(id, value) {
    $(id).textContent = value === null || value === undefined || value === '' ? '–' : String(value);
  }

  function duration(seconds) {
    if (typeof seconds !== 'number' || !isFinite(seconds)) return '–';
    let s = Math.floor(seconds);
    const d = Math.floor(s / 86400); s -= d * 86400;
    const h = Math.floor(s / 3600); s -= h * 3600;
    const m = Math.floor(s / 60); s -= m * 60;
    if (d > 0) return `${d}d ${h}h ${m}m`;
    if (h > 0) return `${h}h ${m}m ${s}s`;
    if (m > 0) return `${m}m ${s}s`;
    return `${seconds < 10 ? seconds.toFixed(1) : s}s`;
  }

  function millis(ms) {
    if (typeof ms !== 'number' || !isFinite(ms)) return '–';
    return ms >= 1000 ? duration(ms / 1000) : `${Math.round(ms * 10) / 10} ms`;
  }

  function bytes(b) {
    if (typeof b !== 'number' || !isFinite(b) || b < 0) return '–';
    const units = ['B', 'KiB', 'MiB', 'GiB'];
    let i = 0;
    while (b >= 1024 && i < units.length - 1) { b /= 1024; i++; }
    return `${b.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
  }

  function time(iso) {
    if (!iso) return '–';
    const t = new Date(iso);
    return isNaN(t) ? iso : t.toLocaleString();
  }

  async function getJson(url) {
    const r = await fetch(url, { cache: 'no-store' });
    // /health answers 503 with a JSON body when the child is down: still data.
    if (!r.ok && r.status !== 503) throw new Error(`${url}: HTTP ${r.status}`);
    return r.json();
  }

  function healthText(el, health) {
    el.textContent = health.ok === true ? 'ok' : health.ok === false ? 'failed' : '–';
    el.className = health.ok === true ? 'ok' : health.ok === false ? 'bad' : '';
  }

  // issue 17: the gateway keeper, when the supervisor runs one (status schema 2: "keeper": null
  // without one, else a section in the shape of "child" with its own backoff and history).
  function renderKeeper(k) {
    const panel = $('keeper-panel');
    panel.hidden = !k;
    if (!k) return;
    const state = k.state || 'unknown';
    const badge = $('keeper-state');
    badge.textContent = state;
    badge.className = `state state-${state}`;
    show('keeper-pid', k.pid);
    show('keeper-uptime', k.pid === null || k.pid === undefined ? null : duration(k.uptime_seconds));
    show('keeper-restarts', k.restarts);
    show('keeper-backoff-delay', k.backoff ? millis(k.backoff.next_delay_ms) : null);
    const health = k.health || {};
    healthText($('keeper-health-ok'), health);
    show('keeper-health-latency', health.ok === null || health.ok === undefined ? null : millis(health.latency_ms));
    show('keeper-rss', bytes(k.memory ? k.memory.rss_bytes : null));
    $('keeper-crash-loop').hidden = k.crash_loop !== true;
    const fatal = $('keeper-fatal');
    fatal.hidden = state !== 'fatal';
    fatal.textContent = state === 'fatal' ? `Keeper fatal: ${k.fatal_reason || 'the keeper cannot start'}` : '';
  }

  function renderStatus(s) {
    const sup = s.supervisor || {};
    const child = s.child || {};
    const health = child.health || {};
    const state = child.state || 'unknown';
    const badge = $('child-state');
    badge.textContent = state;
    badge.className = `state state-${state}`;
    show('supervisor-pid', sup.pid);
    show('supervisor-state', sup.state);
    show('child-pid', child.pid);
    show('child-uptime', duration(child.uptime_seconds));
    show('child-restarts', child.restarts);
    show('backoff-delay', s.backoff ? millis(s.backoff.next_delay_ms) : null);
    healthText($('health-ok'), health);
    show('health-latency', millis(health.latency_ms));
    show('health-failures', health.consecutive_failures);
    // 503: alive but not ready (reconnecting); restarted only after health.not_ready_timeout.
    show('health-not-ready', health.not_ready_since ? time(health.not_ready_since) : null);
    const aot = sup.aot_cache;
    show('aot-cache', aot ? aot.state + (aot.in_use ? ' (in use)' : '') : null);
    show('child-rss', bytes(child.memory ? child.memory.rss_bytes : null));
    $('demo-mode').hidden = sup.demo_mode !== true;
    // issue 13: what is left of Discord's IDENTIFY budget; while waiting, the bot is not restarted
    const ib = child.identify_budget;
    show('identify-budget', ib ? `${ib.remaining} of ${ib.total} left` + (ib.waiting_until
      ? `, waiting until ${time(ib.waiting_until)}` : '') : null);
    $('crash-loop').hidden = s.crash_loop !== true;
    const fatal = $('fatal-reason');
    fatal.hidden = state !== 'fatal';
    fatal.textContent = state === 'fatal' ? `Fatal: ${child.fatal_reason || 'the child cannot start'}` : '';
    show('updated-at', time(s.updated_at));
    renderKeeper(s.keeper);
    // one table for both programs, newest first
    const restarts = (Array.isArray(s.restart_history) ? s.restart_history : [])
      .concat(s.keeper && Array.isArray(s.keeper.restart_history) ? s.keeper.restart_history : [])
      .sort((a, b) => (Date.parse(b.at) || 0) - (Date.parse(a.at) || 0));
    renderRestarts(restarts);
  }

  function cell(row, text, cls) {
    const td = document.createElement('td');
    td.textContent = text;
    if (cls) td.className = cls;
    row.appendChild(td);
  }

  function renderRestarts(list) {
    const body = $('history-rows');
    const rows = list.map((r) => {
      const tr = document.createElement('tr');
      cell(tr, time(r.at));
      cell(tr, r.program || 'bot');
      cell(tr, r.reason || '?', 'reason');
      cell(tr, r.signal ? `signal ${r.signal}` : (r.exit_code === null || r.exit_code === undefined ? '–' : `code ${r.exit_code}`));
      cell(tr, duration(r.uptime_seconds));
      cell(tr, millis(r.next_delay_ms));
      return tr;
    });
    body.replaceChildren(...rows);
    $('history-empty').hidden = rows.length > 0;
  }

  function svgEl(name, attrs) {
    const el = document.createElementNS(SVG_NS, name);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    return el;
  }

  // A line chart of one series in a 600x140 viewBox; nulls break nothing, they are skipped.
  function renderChart(svg, samples, pick, format, rangeId) {
    const points = samples
      .map((s) => ({ t: Date.parse(s.at), v: pick(s) }))
      .filter((p) => typeof p.v === 'number' && isFinite(p.v) && !isNaN(p.t));
    const parts = [];
    for (const y of [35, 70, 105]) parts.push(svgEl('line', { class: 'grid', x1: 0, x2: 600, y1: y, y2: y }));
    if (points.length === 0) {
      parts.push(svgEl('text', { class: 'empty', x: 300, y: 75, 'text-anchor': 'middle' }));
      parts[parts.length - 1].textContent = 'no samples yet';
      svg.replaceChildren(...parts);
      show(rangeId, '');
      return;
    }
    const t0 = points[0].t;
    const t1 = points[points.length - 1].t;
    const max = Math.max(...points.map((p) => p.v));
    const min = Math.min(...points.map((p) => p.v));
    const top = max === min ? max * 1.1 + 1 : max + (max - min) * 0.1;
    const bottom = max === min ? 0 : Math.max(0, min - (max - min) * 0.1);
    const x = (t) => (t1 === t0 ? 600 : ((t - t0) / (t1 - t0)) * 600);
    const y = (v) => 135 - ((v - bottom) / (top - bottom)) * 130;
    const line = points.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`);
    if (points.length === 1) line.unshift(`0,${y(points[0].v).toFixed(1)}`);
    parts.push(svgEl('polygon', { class: 'area', points: `${line[0].split(',')[0]},140 ${line.join(' ')} 600,140` }));
    parts.push(svgEl('polyline', { class: 'series', points: line.join(' ') }));
    svg.replaceChildren(...parts);
    const last = points[points.length - 1].v;
    $(rangeId).textContent = `· now ${format(last)}, min ${format(min)}, max ${format(max)}, `
      + `${points.length} samples over ${duration((t1 - t0) / 1000)}`;
  }

  function renderHistory(h) {
    const samples = Array.isArray(h.samples) ? h.samples : [];
    renderChart($('memory-chart'), samples, (s) => s.rss_bytes, bytes, 'memory-range');
    renderChart($('latency-chart'), samples, (s) => s.health_latency_ms, millis, 'latency-range');
  }

  function renderLogs(l) {
    const pre = $('log-lines');
    const atBottom = pre.scrollHeight - pre.scrollTop - pre.clientHeight < 8;
    pre.textContent = (l.lines || []).join('\n') || '(no output yet)';
    if (atBottom) pre.scrollTop = pre.scrollHeight;
  }

  let timer = null;
  async function refresh() {
    clearTimeout(timer);
    const conn = $('connection');
    try {
      const [status, history, logs] = await Promise.all([
        getJson('/status'), getJson('/api/history'), getJson('/api/logs?lines=40')]);
      renderStatus(status);
      renderHistory(history);
      renderLogs(logs);
      conn.textContent = 'live';
      conn.className = 'connection';
    } catch (e) {
      conn.textContent = `supervisor unreachable (${e.message})`;
      conn.className = 'connection down';
    } finally {
      timer = setTimeout(refresh, REFRESH_MS);
    }
  }

  // --- restart, with the control token kept in this tab's sessionStorage only ---
  function result(text, cls) {
    const el = $('action-result');
    el.textContent = text;
    el.className = cls || 'muted';
  }

  function askToken() {
    $('token-input').value = '';
    $('token-dialog').showModal();
    $('token-input').focus();
  }

  async function restart(token) {
    $('restart-button').disabled = true;
    try {
      const r = await fetch('/restart', { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
      if (r.status === 202) {
        sessionStorage.setItem(TOKEN_KEY, token);
        result('Restart requested.', 'ok');
      } else if (r.status === 401) {
        sessionStorage.removeItem(TOKEN_KEY);
        result('The token was refused: paste the current run/control.token.', 'bad');
        askToken();
      } else {
        let msg = `HTTP ${r.status}`;
        try { msg = (await r.json()).error || msg; } catch (ignored) { /* not JSON */ }
        result(`Restart refused: ${msg}`, 'bad');
      }
    } catch (e) {
      result(`Restart failed: ${e.message}`, 'bad');
    } finally {
      $('restart-button').disabled = false;
      refresh();
    }
  }

  function confirmToken() {
    const token = $('token-input').value.trim();
    $('token-dialog').close();
    if (token) restart(token);
  }

  $('restart-button').addEventListener('click', () => {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) restart(token); else askToken();
  });
  $('token-ok').addEventListener('click', confirmToken);
  $('token-cancel').addEventListener('click', () => $('token-dialog').close());
  $('token-input').addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); confirmToken(); } });
  $('forget-token').addEventListener('click', () => { sessionStorage.removeItem(TOKEN_KEY); result('Token forgotten.'); });

  refresh();
})();
