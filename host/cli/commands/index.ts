// One line per command; each file registers itself.
import './serve';
import './doctor';
import './sync';
import './nodes';
import './enroll';
import './secret';
import './backup';
import './bundle';
import './alerts';
import './holidays';
import './cameras';
