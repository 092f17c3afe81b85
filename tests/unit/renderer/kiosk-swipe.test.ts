import { describe, expect, it } from 'vitest';
import { classifySwipe, neighbour } from '../../../renderer/kiosk/swipe';

describe('kiosk swipe', () => {
  it('a quick sideways stroke moves to the next (finger to the left) or previous domain', () => {
    expect(classifySwipe({ dx: -300, dy: 20, ms: 250, fingers: 1 }, 1920)).toBe('next');
    expect(classifySwipe({ dx: 300, dy: -40, ms: 250, fingers: 1 }, 1920)).toBe('prev');
  });

  it('taps, vertical scrolls, slow drags and pinches are not swipes', () => {
    expect(classifySwipe({ dx: 8, dy: 2, ms: 90, fingers: 1 }, 1920)).toBeNull();
    expect(classifySwipe({ dx: -150, dy: 400, ms: 300, fingers: 1 }, 1920)).toBeNull();
    expect(classifySwipe({ dx: -300, dy: 0, ms: 2000, fingers: 1 }, 1920)).toBeNull();
    expect(classifySwipe({ dx: -300, dy: 0, ms: 300, fingers: 2 }, 1920)).toBeNull();
  });

  it('needs less travel on a narrow screen', () => {
    expect(classifySwipe({ dx: -100, dy: 0, ms: 200, fingers: 1 }, 720)).toBe('next');
    expect(classifySwipe({ dx: -100, dy: 0, ms: 200, fingers: 1 }, 1920)).toBeNull();
  });

  it('wraps around the home order at both ends', () => {
    const order = ['a', 'b', 'c'];
    expect(neighbour(order, 'a', 'next')).toBe('b');
    expect(neighbour(order, 'c', 'next')).toBe('a');
    expect(neighbour(order, 'a', 'prev')).toBe('c');
  });
});
