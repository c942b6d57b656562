from typing import Any

from selectolax.lexbor import LexborNode

class Matcher:
    selector: str
    def select(self, root: Any, limit: int = 0) -> list[LexborNode]: ...

def compile_selector(selector: str) -> Matcher | None: ...
