// One line per command; each file registers itself.
import './serve';
import './doctor';
import './sync';
import './backup';
import './bundle';
