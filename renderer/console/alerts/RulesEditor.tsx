/**
 * The alert rules (admin): every rule in force with where it comes from (bundled, config file,
 * console), switched on or off in one click, edited as JSON (domains/alerts.ts), added or
 * removed; the host refuses a wrong rule with every problem listed by path, shown here as is.
 * A console edit of a bundled or config rule can be reverted to the file's rule.
 */
import { useState } from 'react';
import type { AlertRuleRecord } from '../../../host/api/contract';
import type { HostClient } from '../../../host/api/client/HostClient';
import { refusalLines, useCommand } from '../../client/commands';
import { useHost } from '../../client/hooks';
import { useLang, useTranslation } from '../../i18n';

const TEMPLATE = {
  id: 'quy-tac-moi',
  name: 'Quy tắc mới',
  kind: 'count',
  domain: 'hotline',
  status: 'overdue',
  min: 10,
  scope: 'district',
  severity: 'warning',
  clearAfterMinutes: 10,
};

export function RulesEditor() {
  const { t } = useTranslation();
  const { lang } = useLang();
  const rules = useHost('alertRules.list', {});
  // A rule change re-evaluates alerts: both lists refresh.
  const command = useCommand((client, f: (c: HostClient) => Promise<unknown>) => f(client), (k) => k[0] === 'host' && /^alert/.test(String(k[1])));
  const [editing, setEditing] = useState<{ id: string | null; text: string } | null>(null);
  const [problems, setProblems] = useState<string[]>([]);

  async function run(f: (c: HostClient) => Promise<unknown>): Promise<boolean> {
    setProblems([]);
    try {
      await command.mutateAsync(f);
      return true;
    } catch (e) {
      setProblems(refusalLines(e));
      return false;
    }
  }
  async function save() {
    if (!editing) return;
    let rule: unknown;
    try {
      rule = JSON.parse(editing.text);
    } catch (e) {
      setProblems([`JSON: ${e instanceof Error ? e.message : String(e)}`]);
      return;
    }
    if (await run((c) => c.call('alertRules.save', { rule }))) setEditing(null);
  }
  const toggle = (r: AlertRuleRecord) => void run((c) => c.call('alertRules.save', { rule: { ...r.rule, enabled: !r.rule.enabled } }));

  return (
    <details className="inbox__rules" data-rules>
      <summary>{t('alertsUi.rules.title')}</summary>
      <table>
        <thead>
          <tr>
            <th>{t('alertsUi.rules.on')}</th>
            <th>{t('alertsUi.rules.rule')}</th>
            <th>{t('alertsUi.rules.kind')}</th>
            <th>{t('alertsUi.rules.source')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(rules.data ?? []).map((r) => (
            <tr key={r.rule.id} data-rule-id={r.rule.id} data-source={r.source}>
              <td>
                <input type="checkbox" checked={r.rule.enabled} onChange={() => toggle(r)} aria-label={t('alertsUi.rules.on')} />
              </td>
              <td>
                {lang === 'en' ? (r.rule.nameEn ?? r.rule.name) : r.rule.name} <code>{r.rule.id}</code>
              </td>
              <td>
                {r.rule.kind} · {t(`alertsUi.severity.${r.rule.severity}`)} · {r.rule.scope === 'province' ? t('alertsUi.rules.province') : t('alertsUi.rules.district')}
                {r.rule.wall ? ` · ${t('alertsUi.rules.wall', { preset: r.rule.wall.presetId })}` : ''}
              </td>
              <td>{t(`alertsUi.rules.sources.${r.source}`)}</td>
              <td className="inbox__actions">
                <button type="button" data-action="edit-rule" onClick={() => setEditing({ id: r.rule.id, text: JSON.stringify(r.rule, null, 2) })}>
                  {t('alertsUi.rules.edit')}
                </button>
                {r.source === 'console' && r.overrides ? (
                  <button type="button" onClick={() => void run((c) => c.call('alertRules.revert', { id: r.rule.id }))}>
                    {t('alertsUi.rules.revert')}
                  </button>
                ) : null}
                <button type="button" onClick={() => void run((c) => c.call('alertRules.delete', { id: r.rule.id }))}>
                  {t('alertsUi.rules.delete')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="inbox__actions">
        <button type="button" data-action="add-rule" onClick={() => setEditing({ id: null, text: JSON.stringify(TEMPLATE, null, 2) })}>
          {t('alertsUi.rules.add')}
        </button>
      </div>
      {editing ? (
        <div className="inbox__form">
          <textarea name="rule-json" rows={16} value={editing.text} onChange={(e) => setEditing({ ...editing, text: e.target.value })} spellCheck={false} />
          <div className="inbox__actions">
            <button type="button" data-action="save-rule" onClick={() => void save()}>
              {t('alertsUi.inbox.save')}
            </button>
            <button type="button" onClick={() => setEditing(null)}>
              {t('alertsUi.inbox.cancel')}
            </button>
          </div>
        </div>
      ) : null}
      {problems.length ? (
        <ul className="inbox__error" role="alert" data-rule-problems>
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
    </details>
  );
}
