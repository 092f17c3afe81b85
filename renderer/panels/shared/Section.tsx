import type { CSSProperties, ReactNode } from 'react';

/** A titled part of a panel: the section title over its chart, list or map. */
export function Section({ title, children, style }: { title: string; children: ReactNode; style?: CSSProperties }) {
  return (
    <div style={style}>
      <h3 className="section-title">{title}</h3>
      {children}
    </div>
  );
}

/** The row of titled charts under a large tile's figures (`short` keeps it low under a map). */
export function SectionRow({ sections, short, style }: { sections: { title: string; body: ReactNode }[]; short?: boolean; style?: CSSProperties }) {
  return (
    <div className={short ? 'row row--short' : 'row'} style={style}>
      {sections.map((s) => (
        <Section key={s.title} title={s.title}>
          {s.body}
        </Section>
      ))}
    </div>
  );
}
