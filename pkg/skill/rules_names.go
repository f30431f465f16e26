package skill

// The rules for the ambiguous spellings that are not language names.

// ruleContext judges everything else ambiguous (PG, Node, Spring, React,
// gin, ...): a mention before a technical noun or after 熟悉/精通/掌握...,
// "using" or "with"; otherwise only in a list.
func ruleContext(x *ruleCtx) verdict {
	s, i, j := x.s, x.start(), x.end()
	if inURL(s, i) || glued(s, i, j) {
		return reject
	}
	if techAfter(s, j) {
		return accept
	}
	if prevCJKIs(s, i, techVerbsCN[:8]) {
		return accept
	}
	if pw, _ := prevWord(s, i); pw == "using" || pw == "with" {
		return accept
	}
	return listOnly
}

// distributedOther are the words after 分布式 that make it something other
// than distributed systems: a team spread over places (remote work) or
// power generated near where it is used (分布式光伏, an energy business).
var distributedOther = []string{"团队", "办公", "协作", "光伏", "发电", "能源", "新能源", "电站", "储能", "电源"}

// ruleDistributed accepts 分布式 unless distributedOther follows.
func ruleDistributed(x *ruleCtx) verdict {
	if nextCJKIs(x.s, x.end(), distributedOther) {
		return reject
	}
	return accept
}
