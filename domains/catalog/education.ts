import { U, V, defineDomain, obs, t } from './shared';

/** Giáo dục: schools, pupils, enrolment and graduation rates by district; schools on the map. */
export const education = defineDomain({
  id: 'education',
  name: { vi: 'Giáo dục', en: 'Education' },
  shortName: { vi: 'Giáo dục', en: 'Education' },
  color: '#0077BB',
  icon: 'school',
  agency: { vi: 'Sở Giáo dục và Đào tạo', en: 'Department of Education and Training' },
  staleAfterHours: 45 * 24,
  indicators: [
    { id: 'education.schools', name: t('Trường học (mầm non đến THPT)', 'Schools (preschool to upper secondary)'), unit: U.schools, upIsGood: true, aggregate: 'last' },
    { id: 'education.schools.preschool', name: t('Trường mầm non', 'Preschools'), unit: U.schools, upIsGood: true, aggregate: 'last' },
    { id: 'education.schools.primary', name: t('Trường tiểu học', 'Primary schools'), unit: U.schools, upIsGood: true, aggregate: 'last' },
    { id: 'education.schools.lowerSecondary', name: t('Trường THCS', 'Lower secondary schools'), unit: U.schools, upIsGood: true, aggregate: 'last' },
    { id: 'education.schools.upperSecondary', name: t('Trường THPT', 'Upper secondary schools'), unit: U.schools, upIsGood: true, aggregate: 'last' },
    { id: 'education.pupils', name: t('Học sinh phổ thông', 'School pupils'), unit: U.pupils, upIsGood: true, aggregate: 'last' },
    { id: 'education.graduationRate', name: t('Tỷ lệ tốt nghiệp THPT', 'Upper secondary graduation'), unit: U.pct, upIsGood: true, aggregate: 'last', additive: false },
    { id: 'education.enrolmentRate', name: t('Tỷ lệ huy động trẻ 6 tuổi vào lớp 1', 'Six-year-olds enrolled'), unit: U.pct, upIsGood: true, aggregate: 'last', additive: false },
  ],
  eventKinds: [],
  eventStates: [],
  stationParams: [],
  placeKinds: [
    { id: 'school.preschool', name: t('Trường mầm non', 'Preschool') },
    { id: 'school.primary', name: t('Trường tiểu học', 'Primary school') },
    { id: 'school.lowerSecondary', name: t('Trường THCS', 'Lower secondary school') },
    { id: 'school.upperSecondary', name: t('Trường THPT', 'Upper secondary school') },
  ],
  views: [
    { ...V.kpis, figures: [
      obs('education.schools'),
      obs('education.pupils'),
      obs('education.graduationRate'),
      obs('education.enrolmentRate'),
      obs('education.schools.preschool'),
      obs('education.schools.primary'),
      obs('education.schools.lowerSecondary'),
      obs('education.schools.upperSecondary'),
    ] },
    { ...V.trend, figures: [obs('education.pupils'), obs('education.graduationRate')], wall: true },
    { ...V.byArea, figure: obs('education.pupils'), secondary: obs('education.schools'), wall: true },
    { ...V.map, sources: { places: true }, wall: true },
  ],
});
