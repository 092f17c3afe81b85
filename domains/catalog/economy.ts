import { U, V, defineDomain, obs, t } from './shared';

/** Chỉ tiêu kinh tế – xã hội: GRDP, budget revenue, investment (FDI), exports, CPI against last year and the plan. */
export const economy = defineDomain({
  id: 'economy',
  name: { vi: 'Chỉ tiêu kinh tế – xã hội', en: 'Socio-economic indicators' },
  shortName: { vi: 'Kinh tế – xã hội', en: 'Economy' },
  color: '#4477AA',
  icon: 'chart',
  agency: { vi: 'Sở Tài chính', en: 'Department of Finance' },
  staleAfterHours: 45 * 24, // monthly and quarterly statistics
  indicators: [
    { id: 'economy.population', name: t('Dân số trung bình', 'Average population'), unit: t('người', 'people'), upIsGood: true, aggregate: 'last' },
    { id: 'economy.grdp', name: t('Tổng sản phẩm trên địa bàn (GRDP)', 'Gross regional domestic product (GRDP)'), unit: U.bnVnd, upIsGood: true, aggregate: 'sum' },
    { id: 'economy.grdpGrowth', name: t('Tăng trưởng GRDP', 'GRDP growth'), unit: U.pct, upIsGood: true, aggregate: 'last', additive: false },
    { id: 'economy.budgetRevenue', name: t('Thu ngân sách nhà nước', 'State budget revenue'), unit: U.bnVnd, upIsGood: true, aggregate: 'sum' },
    { id: 'economy.exports', name: t('Kim ngạch xuất khẩu', 'Exports'), unit: U.mUsd, upIsGood: true, aggregate: 'sum' },
    { id: 'economy.fdi', name: t('Vốn FDI đăng ký mới', 'New FDI registered'), unit: U.mUsd, upIsGood: true, aggregate: 'sum' },
    { id: 'economy.fdiProjects', name: t('Dự án FDI mới', 'New FDI projects'), unit: U.projects, upIsGood: true, aggregate: 'sum' },
    { id: 'economy.cpi', name: t('Chỉ số giá tiêu dùng (so với cùng kỳ)', 'Consumer price index (year on year)'), unit: U.pct, upIsGood: false, aggregate: 'avg', additive: false },
  ],
  eventKinds: [],
  eventStates: [],
  stationParams: [],
  placeKinds: [{ id: 'industrialPark', name: t('Khu, cụm công nghiệp', 'Industrial park or cluster') }],
  views: [
    { ...V.kpis, figures: [
      obs('economy.grdp'),
      obs('economy.grdpGrowth'),
      obs('economy.budgetRevenue'),
      obs('economy.exports'),
      obs('economy.fdi'),
      obs('economy.cpi'),
      obs('economy.population'),
    ] },
    { ...V.trend, figures: [obs('economy.grdp'), obs('economy.budgetRevenue'), obs('economy.exports')], wall: true },
    { ...V.byArea, figure: obs('economy.grdp'), secondary: obs('economy.fdi'), wall: true },
  ],
});
