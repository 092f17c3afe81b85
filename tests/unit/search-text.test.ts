import { describe, expect, it } from 'vitest';
import { foldForSearch, searchMatcher } from '../../base/search-text';

const matchesSearch = (q: string, ...texts: string[]) => searchMatcher(q)(...texts);

describe('searching names as people in Vietnam type them', () => {
  it('finds a name typed without diacritics, with either Unicode form, in any case and spacing', () => {
    const name = 'Cổng chợ Đồng Xoài';
    for (const q of ['dong xoai', 'Đồng Xoài', 'đồng xoài'.normalize('NFD'), 'CONG  CHO', ' chợ ', 'xoài', 'ĐỒNG'.normalize('NFD')]) {
      expect(matchesSearch(q, name), q).toBe(true);
    }
    for (const q of ['dong xoai 2', 'chờ đợi', 'bình phước']) expect(matchesSearch(q, name), q).toBe(false);
    expect(matchesSearch('cam-07', name, 'CAM-07')).toBe(true);
    expect(matchesSearch('', name)).toBe(true);
    expect(matchesSearch('   ', name)).toBe(true);
  });

  it('folds every Vietnamese vowel with its tone and the đ to plain Latin', () => {
    expect(foldForSearch('ÀẢÃÁẠ ăằẳẵắặ âầẩẫấậ èẻẽéẹ êềểễếệ ìỉĩíị òỏõóọ ôồổỗốộ ơờởỡớợ ùủũúụ ưừửữứự ỳỷỹýỵ Đđ')).toBe(
      'aaaaa aaaaaa aaaaaa eeeee eeeeee iiiii ooooo oooooo oooooo uuuuu uuuuuu yyyyy dd',
    );
  });
});
